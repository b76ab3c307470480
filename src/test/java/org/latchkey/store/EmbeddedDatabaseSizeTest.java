package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.account.User;
import org.latchkey.token.Token;
import org.latchkey.token.TokenUse;

/**
 * The embedded database's file under a burst of writes: without reclaiming, 20,000 token creations
 * and uses grew it to about 1.5 GB for some 15 MB of live data.
 */
class EmbeddedDatabaseSizeTest {

    private static final int TOKENS = 20_000;

    @TempDir
    Path dir;

    @Test
    void theFileStaysWithinASmallMultipleOfItsLiveDataWhileTokensAreCreatedAndUsed() throws Exception {
        Path file = dir.resolve("latchkey.mv.db");
        long largest = 0;
        try (Database db = Database.embedded(dir)) {
            User owner = Fixtures.user(db, "alice");
            List<TokenUse> uses = new ArrayList<>();
            for (int i = 0; i < TOKENS; i++) {
                Token token = db.tokens().insert(Fixtures.classic(owner.id(), "t" + i), Fixtures.T0).orElseThrow();
                uses.add(new TokenUse(token.id(), Fixtures.at(Duration.ofSeconds(i)), "127.0.0.1", "test"));
                if (uses.size() == 100) {
                    db.tokens().recordUsage(uses);
                    uses.clear();
                }
                if (i % 1000 == 999) {
                    largest = Math.max(largest, Files.size(file));
                }
            }
            largest = Math.max(largest, Files.size(file));
        }
        long live = compactedSize(file);
        assertThat(largest).as("largest file size seen, against %d bytes of live data", live)
                .isLessThan(8 * live + (32L << 20));
    }

    private long compactedSize(Path file) throws Exception {
        String base = file.toString().substring(0, file.toString().length() - ".mv.db".length());
        String url = "jdbc:h2:file:" + base + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN COMPACT");
        }
        return Files.size(file);
    }
}
