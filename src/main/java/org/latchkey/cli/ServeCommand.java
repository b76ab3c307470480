package org.latchkey.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.latchkey.Latchkey;
import org.latchkey.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code latchkey serve}: runs the server until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the Latchkey server (embedded database unless --db is given).")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--data", description = "Data directory (default: ${DEFAULT-VALUE}).", defaultValue = "latchkey-data")
    Path data;

    @Option(names = "--port", description = "TCP port (default: ${DEFAULT-VALUE}).", defaultValue = "8080")
    int port;

    @Option(names = "--bind", description = "Address to listen on (default: ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1")
    String bind;

    @Option(names = "--db", description = "PostgreSQL JDBC URL; default is the embedded H2 database in the data directory.",
            defaultValue = "${env:LATCHKEY_DB_URL}")
    String dbUrl;

    @Option(names = "--db-user", description = "Database user (or LATCHKEY_DB_USER).", defaultValue = "${env:LATCHKEY_DB_USER}")
    String dbUser;

    @Option(names = "--db-password", description = "Database password (better: LATCHKEY_DB_PASSWORD).",
            defaultValue = "${env:LATCHKEY_DB_PASSWORD}")
    String dbPassword;

    @Option(names = "--rate-limit-per-hour", description = "Requests per token per hour; 0 turns it off (default: ${DEFAULT-VALUE}).",
            defaultValue = "5000")
    int rateLimitPerHour;

    @Option(names = "--push-protection", description = "Refuse pushes that contain a live token (default: ${DEFAULT-VALUE}).",
            defaultValue = "true", arity = "1")
    boolean pushProtection;

    @Option(names = "--usage-retention-days", paramLabel = "N",
            description = "Days the token usage log keeps uses before pruning them (default: ${DEFAULT-VALUE}).",
            defaultValue = "90")
    int usageRetentionDays;

    @Option(names = "--revoke-unused-after-days", paramLabel = "N",
            description = "Revoke personal access tokens unused for N days (never used: since created); 0 never"
                    + " (default: ${DEFAULT-VALUE}).", defaultValue = "365")
    int revokeUnusedAfterDays;

    @Option(names = "--metrics-token", description = "Serve GET /metrics (Prometheus) to requests with"
            + " 'Authorization: Bearer TOKEN' (better: LATCHKEY_METRICS_TOKEN); without it /metrics is off.",
            defaultValue = "${env:LATCHKEY_METRICS_TOKEN}")
    String metricsToken;

    @Override
    public Integer call() throws InterruptedException {
        if (usageRetentionDays < 1) {
            throw CliFailure.invalid("--usage-retention-days must be at least 1");
        }
        if (revokeUnusedAfterDays < 0) {
            throw CliFailure.invalid("--revoke-unused-after-days must be 0 (never) or more");
        }
        Settings settings = Settings.defaults(data)
                .withNetwork(bind, port)
                .withDatabase(dbUrl, dbUser, dbPassword)
                .withRateLimitPerHour(rateLimitPerHour)
                .withPushProtection(pushProtection)
                .withUsageRetentionDays(usageRetentionDays)
                .withRevokeUnusedAfterDays(revokeUnusedAfterDays)
                .withMetricsToken(metricsToken)
                .withServerKey(System.getenv("LATCHKEY_SERVER_KEY"));
        Latchkey latchkey = Latchkey.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            latchkey.close();
            stopped.countDown();
        }, "latchkey-shutdown"));
        stopped.await();
        return 0;
    }
}
