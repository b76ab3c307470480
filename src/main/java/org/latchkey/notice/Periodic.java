package org.latchkey.notice;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread that runs a job at a fixed delay until closed; a failing run is logged (its
 * exception's class and message, which never hold a secret) and the next run goes ahead.
 */
public final class Periodic implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Periodic.class);

    private final ScheduledExecutorService executor;
    private final String name;
    private final Runnable job;

    public Periodic(String name, Runnable job) {
        this.name = name;
        this.job = job;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs the job after {@code first}, then {@code every} after each run ends. */
    public Periodic schedule(Duration first, Duration every) {
        executor.scheduleWithFixedDelay(this::runQuietly, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Runs the job once more on its thread, soon. */
    void runSoon() {
        if (!executor.isShutdown()) {
            try {
                executor.execute(this::runQuietly);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing
            }
        }
    }

    private void runQuietly() {
        try {
            job.run();
        } catch (RuntimeException e) {
            LOG.warn("{} failed: {}", name, e.toString());
        }
    }

    /** Stops scheduling, and waits up to {@code wait} for a run in progress to end. */
    void close(Duration wait) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
