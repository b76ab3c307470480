package org.latchkey.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.latchkey.audit.AuditEvent;

/** The child process of {@link DurabilityTest}: appends audit events and acknowledges each on stdout until killed. */
final class KilledWriter {

    private KilledWriter() {
    }

    public static void main(String[] args) {
        Database db = Database.embedded(Path.of(args[0]));
        for (long i = 0; ; i++) {
            AuditEvent event = db.audit().append(new AuditEvent(0, Instant.EPOCH.plusSeconds(i), 1L, "writer",
                    "write." + i, null, null, null, Map.of()));
            System.out.println(event.id());
            System.out.flush();
        }
    }
}
