package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.audit.AuditEvent;

class DurabilityTest {

    private static final int ACKNOWLEDGED = 200;

    @Test
    void embedded_killedWithSigkill_losesNoAcknowledgedWrite(@TempDir Path dir) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledWriter.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<Long> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged.size() < ACKNOWLEDGED && (line = out.readLine()) != null) {
                acknowledged.add(Long.parseLong(line.strip()));
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).hasSize(ACKNOWLEDGED);

        try (Database db = Database.embedded(dir)) {
            List<Long> stored = db.audit().listForUser(1, null, Integer.MAX_VALUE).stream().map(AuditEvent::id).toList();
            assertThat(stored).containsAll(acknowledged);
        }
    }

    @Test
    void embedded_closedAndReopened_keepsItsData(@TempDir Path dir) {
        long userId;
        try (Database db = Database.embedded(dir)) {
            userId = Fixtures.user(db, "octocat").id();
        }
        try (Database db = Database.embedded(dir)) {
            assertThat(db.users().findByLogin("OctoCat")).hasValueSatisfying(user -> assertThat(user.id()).isEqualTo(userId));
        }
    }
}
