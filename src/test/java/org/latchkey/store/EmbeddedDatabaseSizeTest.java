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
import org.latchkey.audit.TokenUse;
import org.latchkey.token.Token;

/**
 * The embedded database's file under a burst of writes: without reclaiming, 20,000 token creations
 * and uses grew it to about 1.5 GB for some 4 MB of live data. With it, the burst peaks at what
 * the last two seconds wrote (space is reused after H2's retention time), and the file comes back
 * to a few times its live data once the housekeeping has caught up.
 */
class EmbeddedDatabaseSizeTest {

    private static final int TOKENS = 20_000;
    private static final long BURST_CEILING = 400L << 20;
    private static final long SETTLED_ENOUGH = 16L << 20;
    private static final Duration SETTLE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void theFileStaysWithinASmallMultipleOfItsLiveDataWhileTokensAreCreatedAndUsed() throws Exception {
        Path file = dir.resolve("latchkey.mv.db");
        long peak = 0;
        long settled;
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
                    peak = Math.max(peak, Files.size(file));
                }
            }
            settled = settle(db, owner, file);
        }
        long live = compactedSize(file);
        assertThat(peak).as("the largest size during the burst (without reclaiming: 1.5 GB)").isLessThan(BURST_CEILING);
        assertThat(settled).as("the size once the burst is over, against %d bytes of live data", live)
                .isLessThan(4 * live + (8L << 20));
    }

    /**
     * The file's size once the housekeeping has caught up with the burst (space is reused only
     * after H2's retention time, so it is real time that passes here), with a trickle of writes
     * going on as on a server in use; gives up after {@link #SETTLE}.
     */
    private long settle(Database db, User owner, Path file) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        long size = Files.size(file);
        for (int i = 0; System.nanoTime() < deadline; i++) {
            Token token = db.tokens().insert(Fixtures.classic(owner.id(), "trickle" + i), Fixtures.T0).orElseThrow();
            db.tokens().recordUsage(List.of(new TokenUse(token.id(), Fixtures.T0, "127.0.0.1", "test")));
            size = Files.size(file);
            if (size < SETTLED_ENOUGH) {
                break;
            }
            Thread.sleep(50);
        }
        return size;
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
