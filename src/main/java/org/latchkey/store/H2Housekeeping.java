package org.latchkey.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded database's file near the size of its live data.
 *
 * <p>H2 writes every commit as a new chunk of pages, and a chunk stays on disk while any page in it
 * is live. H2 rewrites such sparse chunks in its background writer, but with {@code WRITE_DELAY=0},
 * which Latchkey needs so that a commit is in the file when it returns, H2 runs no background
 * writer: the file grew by tens of kilobytes per token created, and by gigabytes over a day. This
 * job does the rewriting instead. Four times a second it
 * <ol>
 *   <li>flushes the file to the disk ({@code fsync}), so that every chunk written so far survives
 *       a power loss, and then</li>
 *   <li>when less than half of what the chunks hold is live, has H2 rewrite the live pages of the
 *       sparsest chunks into a new one ({@link MVStore#compact}, the call H2's own background writer
 *       makes, safe beside running transactions).</li>
 * </ol>
 * A chunk left with no live page is written over once {@link #RETENTION_MILLIS} have passed (H2's
 * {@code RETENTION_TIME}; its default of 45 s assumes nothing flushes sooner). That is long after
 * the chunks that replaced it were flushed here, so a power loss cannot leave the file pointing at
 * space already written over. H2's own file compaction, which moves chunks, is not used: in H2
 * 2.4.240 it can fail an internal check when run beside writes.
 */
final class H2Housekeeping implements AutoCloseable {

    /** How long space freed in the file is kept before it may be written over. */
    static final int RETENTION_MILLIS = 2000;
    static final int MIN_CHUNKS_FILL_PERCENT = 50;
    static final long MIN_FILE_BYTES = 4L << 20;
    private static final int MAX_REWRITE_BYTES = 16 << 20;
    private static final long PERIOD_MILLIS = 250;
    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);

    private final MVStore store;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "latchkey-h2-housekeeping");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean warned;

    private H2Housekeeping(MVStore store) {
        this.store = store;
    }

    /** Starts the job on the embedded database behind this data source. */
    static H2Housekeeping start(DataSource dataSource) {
        H2Housekeeping housekeeping;
        try (Connection connection = dataSource.getConnection()) {
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            housekeeping = new H2Housekeeping(session.getDatabase().getStore().getMvStore());
        } catch (SQLException e) {
            throw new StoreException("h2.housekeeping", e);
        }
        housekeeping.timer.scheduleWithFixedDelay(housekeeping::runQuietly, PERIOD_MILLIS, PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
        return housekeeping;
    }

    /** Flushes the file, then rewrites sparse chunks if there are any; true when it rewrote. */
    boolean run() {
        if (store.isClosed()) {
            return false;
        }
        FileStore<?> file = store.getFileStore();
        file.sync();
        boolean sparse = file.size() >= MIN_FILE_BYTES && file.getChunksFillRate() < MIN_CHUNKS_FILL_PERCENT;
        return sparse && store.compact(MIN_CHUNKS_FILL_PERCENT, MAX_REWRITE_BYTES);
    }

    private void runQuietly() {
        try {
            run();
        } catch (RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.warn("compacting the embedded database failed ({}); will retry", e.getClass().getSimpleName());
            }
        }
    }

    /** Stops the job, waiting for a run under way to end (interrupting it would close H2's file). */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
