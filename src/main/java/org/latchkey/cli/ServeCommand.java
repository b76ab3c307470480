package org.latchkey.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.latchkey.Latchkey;
import org.latchkey.Settings;
import org.latchkey.crypto.PrivateFileMode;
import org.latchkey.notice.SmtpSettings;
import org.latchkey.notice.SmtpTls;
import picocli.CommandLine.Command;
import org.latchkey.tls.TlsSettings;
import org.latchkey.tls.TlsSource;
import org.latchkey.tls.UnusableCertificate;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code latchkey serve}: runs the server until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the Latchkey server (embedded database unless --db is given).")
final class ServeCommand implements Callable<Integer> {

    static final String KEYSTORE_PASSWORD = "LATCHKEY_TLS_KEYSTORE_PASSWORD";

    @Option(names = "--data", description = "Data directory (default: ${DEFAULT-VALUE}).", defaultValue = "latchkey-data")
    Path data;

    @Option(names = "--repositories", paramLabel = "DIR", description = "Keep the bare git repositories here instead of"
            + " DATA/repositories: with several nodes, a directory on storage every node mounts (NFSv4 or similar,"
            + " see the README). It must exist and be writable, or the server does not start.")
    Path repositories;

    @Option(names = "--packages", paramLabel = "DIR", description = "Keep the npm package tarballs here instead of"
            + " DATA/packages; with several nodes, on the shared storage as --repositories.")
    Path packages;

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

    @Option(names = "--redis", paramLabel = "URL", description = "Merge rate limits and lockouts across nodes through"
            + " this Redis (redis://host:6379) instead of PostgreSQL (or LATCHKEY_REDIS_URL).",
            defaultValue = "${env:LATCHKEY_REDIS_URL}")
    String redisUrl;

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

    @Option(names = "--rotation-reuse-interval", paramLabel = "TIME", converter = DurationOption.class,
            description = "After a rotation, how long the old secret is only refused as rotated (401 token_rotated)"
                    + " before presenting it is taken for reuse of a stolen copy and revokes every token of its family:"
                    + " 60s, 2m, 0 for at once; at most 1h (default: ${DEFAULT-VALUE}).", defaultValue = "60s")
    Duration rotationReuseInterval;

    @Option(names = "--metrics-token", description = "Serve GET /metrics (Prometheus) to requests with"
            + " 'Authorization: Bearer TOKEN' (better: LATCHKEY_METRICS_TOKEN); without it /metrics is off.",
            defaultValue = "${env:LATCHKEY_METRICS_TOKEN}")
    String metricsToken;

    @Option(names = "--public-url", paramLabel = "URL", description = "The address people reach this server at"
            + " (behind a proxy, say), for links in notices and answers (or LATCHKEY_PUBLIC_URL; default: the address requested,"
            + " and http://BIND:PORT in notices).",
            defaultValue = "${env:LATCHKEY_PUBLIC_URL}")
    String publicUrl;

    @Option(names = "--webhook-allow-local-network", description = "Let webhooks go to loopback, private and"
            + " link-local addresses, for receivers on this server's network (or LATCHKEY_WEBHOOK_ALLOW_LOCAL_NETWORK;"
            + " default: public addresses only).", defaultValue = "${env:LATCHKEY_WEBHOOK_ALLOW_LOCAL_NETWORK:-false}",
            arity = "0..1")
    boolean webhookAllowLocalNetwork;

    @Option(names = "--trusted-proxy", paramLabel = "CIDR", split = ",", description = "A reverse proxy in front of"
            + " this server (an address or CIDR block; repeat or separate by commas) whose X-Forwarded-For and"
            + " X-Forwarded-Proto are believed (or LATCHKEY_TRUSTED_PROXIES; default: none, the connection's address counts).",
            defaultValue = "${env:LATCHKEY_TRUSTED_PROXIES}")
    List<String> trustedProxies;

    @Option(names = "--oidc-issuer", paramLabel = "URL", description = "Trust this OpenID Connect issuer's ID tokens"
            + " (CI jobs' identities), besides those administrators add; repeatable. Example:"
            + " https://token.actions.githubusercontent.com")
    List<String> oidcIssuers;

    @Option(names = "--oidc-allow-http-issuers", description = "Let http (not https) OIDC issuers be trusted: for tests"
            + " and closed networks only.")
    boolean oidcAllowHttpIssuers;

    @Option(names = "--oidc-audience", paramLabel = "AUDIENCE", description = "The audience CI jobs must request"
            + " their ID tokens for (default: the server's public URL).")
    String oidcAudience;

    @Option(names = "--smtp-host", paramLabel = "HOST", description = "SMTP server that emails notices (or"
            + " LATCHKEY_SMTP_HOST); without it notices go to webhooks only.", defaultValue = "${env:LATCHKEY_SMTP_HOST}")
    String smtpHost;

    @Option(names = "--smtp-port", paramLabel = "N", description = "SMTP port (or LATCHKEY_SMTP_PORT; default: 25, 587"
            + " with starttls, 465 with tls).", defaultValue = "${env:LATCHKEY_SMTP_PORT}")
    Integer smtpPort;

    @Option(names = "--smtp-tls", paramLabel = "MODE", description = "none, starttls (required, never a fallback to"
            + " plain text) or tls (or LATCHKEY_SMTP_TLS; default: starttls).", defaultValue = "${env:LATCHKEY_SMTP_TLS}")
    String smtpTls;

    @Option(names = "--smtp-user", paramLabel = "USER", description = "SMTP user, when the server wants one (or"
            + " LATCHKEY_SMTP_USER).", defaultValue = "${env:LATCHKEY_SMTP_USER}")
    String smtpUser;

    @Option(names = "--smtp-password", paramLabel = "PASSWORD", description = "SMTP password (better:"
            + " LATCHKEY_SMTP_PASSWORD or --smtp-password-file, which other users cannot see in the process list).",
            defaultValue = "${env:LATCHKEY_SMTP_PASSWORD}")
    String smtpPassword;

    @Option(names = "--smtp-password-file", paramLabel = "FILE", description = "Read the SMTP password from this"
            + " file's first line (or LATCHKEY_SMTP_PASSWORD_FILE).", defaultValue = "${env:LATCHKEY_SMTP_PASSWORD_FILE}")
    Path smtpPasswordFile;

    @Option(names = "--smtp-from", paramLabel = "ADDRESS", description = "Sender address of notices, e.g."
            + " latchkey@example.com (or LATCHKEY_SMTP_FROM); required with --smtp-host.",
            defaultValue = "${env:LATCHKEY_SMTP_FROM}")
    String smtpFrom;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Serve HTTPS on --port with this PEM certificate"
            + " (the server's first, then its chain; certbot's fullchain.pem); needs --tls-key. HTTP/1.1 and HTTP/2,"
            + " TLS 1.2 and 1.3, HSTS. Re-read when the files change: a renewal needs no restart.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The certificate's PEM private key, unencrypted"
            + " (PKCS#8, PKCS#1 or EC; certbot's privkey.pem).")
    Path tlsKey;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "Serve HTTPS with this PKCS#12 keystore instead"
            + " of --tls-cert and --tls-key; its password in LATCHKEY_TLS_KEYSTORE_PASSWORD.")
    Path tlsKeystore;

    @Option(names = "--http-redirect-port", paramLabel = "N", description = "With HTTPS, also listen for plain HTTP on"
            + " this port (e.g. 80) and answer every request there with 308 to the https:// address; nothing else is"
            + " served over plain HTTP.")
    Integer httpRedirectPort;

    @Option(names = "--token-cache-size", paramLabel = "N", description = "How many tokens to keep in memory for"
            + " authentication without a database read, about 240 bytes of heap each; from 1 to 100000000"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "200000")
    int tokenCacheSize;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (usageRetentionDays < 1) {
            throw CliFailure.invalid("--usage-retention-days must be at least 1");
        }
        if (revokeUnusedAfterDays < 0) {
            throw CliFailure.invalid("--revoke-unused-after-days must be 0 (never) or more");
        }
        SmtpSettings smtp = smtp();
        TlsSettings tls = tls();
        if (!PrivateFileMode.apply()) {
            System.err.println("latchkey: could not set the umask to 077; files in " + data
                    + " may be readable by others (the directory itself is 0700)");
        }
        Settings settings = checked(() -> Settings.defaults(data)
                .withNetwork(bind, port)
                .withDatabase(dbUrl, dbUser, dbPassword)
                .withRateLimitPerHour(rateLimitPerHour)
                .withRedis(redisUrl)
                .withPushProtection(pushProtection)
                .withUsageRetentionDays(usageRetentionDays)
                .withRevokeUnusedAfterDays(revokeUnusedAfterDays)
                .withRotationReuseInterval(rotationReuseInterval)
                .withMetricsToken(metricsToken)
                .withServerKey(System.getenv("LATCHKEY_SERVER_KEY"))
                .withSmtp(smtp)
                .withPublicUrl(publicUrl)
                .withWebhookAllowLocalNetwork(webhookAllowLocalNetwork)
                .withTrustedProxies(trustedProxies == null ? List.of() : trustedProxies)
                .withTls(tls)
                .withSharedFiles(repositories, packages)
                .withTokenCacheSize(tokenCacheSize));
        settings = oidc(settings);
        Latchkey latchkey = Latchkey.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            latchkey.close();
            stopped.countDown();
        }, "latchkey-shutdown"));
        stopped.await();
        return 0;
    }

    /** The settings with the OIDC options given; a bad issuer is refused as a bad command line. */
    Settings oidc(Settings settings) {
        return checked(() -> settings.withOidc(oidcIssuers == null ? List.of() : oidcIssuers, oidcAllowHttpIssuers,
                oidcAudience));
    }

    /** The SMTP settings given, or null when no --smtp-host; refuses an incomplete or contradictory set. */
    SmtpSettings smtp() {
        if (smtpHost == null || smtpHost.isBlank()) {
            if (smtpFrom != null || smtpUser != null || smtpPassword != null || smtpPasswordFile != null) {
                throw CliFailure.invalid("--smtp-from, --smtp-user and --smtp-password need --smtp-host");
            }
            return null;
        }
        SmtpTls tls = checked(() -> smtpTls == null || smtpTls.isBlank() ? SmtpTls.STARTTLS
                : SmtpTls.parse(smtpTls));
        if (smtpPassword != null && smtpPasswordFile != null) {
            throw CliFailure.invalid("give the SMTP password once: --smtp-password or --smtp-password-file");
        }
        String password = smtpPasswordFile == null ? smtpPassword : readPassword(smtpPasswordFile);
        int port = smtpPort == null ? SmtpSettings.defaultPort(tls) : smtpPort;
        return checked(() -> new SmtpSettings(smtpHost.strip(), port, smtpUser, password,
                smtpFrom == null ? null : smtpFrom.strip(), tls, SmtpSettings.DEFAULT_TIMEOUT));
    }

    /** The HTTPS settings given, or null for plain HTTP; refuses an incomplete or contradictory set. */
    TlsSettings tls() {
        boolean pem = tlsCert != null || tlsKey != null;
        if (pem && tlsKeystore != null) {
            throw CliFailure.invalid("give the certificate once: --tls-cert with --tls-key, or --tls-keystore");
        }
        if (!pem && tlsKeystore == null) {
            if (httpRedirectPort != null) {
                throw CliFailure.invalid("--http-redirect-port needs HTTPS: --tls-cert with --tls-key, or --tls-keystore");
            }
            return null;
        }
        if (pem && (tlsCert == null || tlsKey == null)) {
            throw CliFailure.invalid(tlsCert == null ? "--tls-key needs --tls-cert (the PEM certificate it belongs to)"
                    : "--tls-cert needs --tls-key (the certificate's PEM private key)");
        }
        TlsSource source;
        if (pem) {
            source = new TlsSource.Pem(tlsCert, tlsKey);
        } else {
            String password = env(KEYSTORE_PASSWORD);
            if (password == null) {
                throw CliFailure.invalid("--tls-keystore needs its password in the environment variable " + KEYSTORE_PASSWORD);
            }
            source = new TlsSource.Pkcs12(tlsKeystore, password);
        }
        if (httpRedirectPort != null && (httpRedirectPort < 1 || httpRedirectPort > 65535 || httpRedirectPort == port)) {
            throw CliFailure.invalid("--http-redirect-port must be a port from 1 to 65535 other than --port, was "
                    + httpRedirectPort);
        }
        if (publicUrl != null && publicUrl.strip().startsWith("http://")) {
            throw CliFailure.invalid("with HTTPS the public URL must start with https://, was " + publicUrl.strip());
        }
        try {
            source.load();
        } catch (UnusableCertificate e) {
            throw CliFailure.invalid("cannot serve HTTPS: " + e.getMessage());
        }
        return new TlsSettings(source).withRedirectPort(httpRedirectPort == null ? 0 : httpRedirectPort);
    }

    private String env(String name) {
        String value = spec == null ? System.getenv(name)
                : ((LatchkeyCommand) spec.root().userObject()).environment().env().apply(name);
        return value == null || value.isEmpty() ? null : value;
    }

    private static String readPassword(Path file) {
        try {
            return Files.readAllLines(file).stream().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw CliFailure.invalid("cannot read the SMTP password file " + file);
        }
    }

    /** The value, or the setting refused with its own message (never holding the password) as a bad command line. */
    private static <T> T checked(java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw CliFailure.invalid(e.getMessage());
        }
    }
}
