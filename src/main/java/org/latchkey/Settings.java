package org.latchkey;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.latchkey.auth.TokenLookup;
import org.latchkey.http.HttpServer;
import org.latchkey.tls.TlsSettings;
import org.latchkey.token.UnusedTokens;
import org.latchkey.notice.SmtpSettings;
import org.latchkey.oidc.TrustedIssuers;

/**
 * How one server is set up: where its data lives, where it listens, which database it uses and
 * its limits. {@code dbUrl} null means the embedded H2 database in the data directory;
 * {@code metricsToken} null leaves {@code /metrics} off; {@code revokeUnusedAfterDays} 0 never revokes
 * tokens for disuse. {@code smtp} null sends no email (notices
 * still go to webhooks); {@code publicUrl} is the address people reach the server at, for links in
 * notices (null: {@code http://bind:port}, or https with {@code tls}); {@code tls} null serves plain HTTP.
 */
public record Settings(
        Path dataDir,
        String bind,
        int port,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int rateLimitPerHour,
        boolean pushProtection,
        String serverKey,
        int usageRetentionDays,
        String metricsToken,
        int revokeUnusedAfterDays,
        SmtpSettings smtp,
        String publicUrl,
        boolean webhookAllowLocalNetwork,
        List<String> trustedProxies,
        Duration rotationReuseInterval,
        TlsSettings tls,
        List<String> oidcIssuers,
        boolean oidcAllowHttpIssuers,
        String oidcAudience,
        Path repositories,
        Path packages,
        String redisUrl,
        Clock clock,
        int tokenCacheSize) {

    public static final int DEFAULT_USAGE_RETENTION_DAYS = 90;
    /** How long after a rotation its old secret is refused as rotated rather than taken for reuse. */
    public static final Duration DEFAULT_ROTATION_REUSE_INTERVAL = Duration.ofSeconds(60);
    /** The longest reuse interval: beyond it, reuse detection would be off in all but name. */
    public static final Duration MAX_ROTATION_REUSE_INTERVAL = Duration.ofHours(1);

    /** The largest token cache: 100 million compact entries take about 20 GB of heap. */
    public static final int MAX_TOKEN_CACHE_SIZE = 100_000_000;

    public static Settings defaults(Path dataDir) {
        return new Settings(dataDir, "127.0.0.1", 8080, null, null, null, 5000, true, null, DEFAULT_USAGE_RETENTION_DAYS,
                null, UnusedTokens.DEFAULT_DAYS, null, null, false, List.of(),
                DEFAULT_ROTATION_REUSE_INTERVAL, null, List.of(), false, null, null, null, null, Clock.systemUTC(),
                TokenLookup.DEFAULT_SIZE);
    }

    public Settings withNetwork(String bind, int port) {
        return with(b -> {
            b.bind = bind;
            b.port = port;
        });
    }

    public Settings withDatabase(String dbUrl, String dbUser, String dbPassword) {
        String url = dbUrl == null || dbUrl.isBlank() ? null : dbUrl;
        return with(b -> {
            b.dbUrl = url;
            b.dbUser = dbUser;
            b.dbPassword = dbPassword;
        });
    }

    public Settings withRateLimitPerHour(int rateLimitPerHour) {
        if (rateLimitPerHour < 0) {
            throw new IllegalArgumentException("rate limit per hour must be 0 (off) or more, was " + rateLimitPerHour);
        }
        return with(b -> b.rateLimitPerHour = rateLimitPerHour);
    }

    /** Whether pushes are scanned for live tokens (on by default; off only to measure its cost). */
    public Settings withPushProtection(boolean pushProtection) {
        return with(b -> b.pushProtection = pushProtection);
    }

    /** A base64 AES-256 key to use instead of the key file in the data directory. */
    public Settings withServerKey(String serverKey) {
        return with(b -> b.serverKey = serverKey);
    }

    /** How many days the usage log keeps a token's uses before pruning them (at least 1). */
    public Settings withUsageRetentionDays(int usageRetentionDays) {
        if (usageRetentionDays < 1) {
            throw new IllegalArgumentException("usage retention must be at least 1 day, was " + usageRetentionDays);
        }
        return with(b -> b.usageRetentionDays = usageRetentionDays);
    }

    /** The bearer secret that GET /metrics requires; null or blank leaves /metrics off (404). */
    public Settings withMetricsToken(String metricsToken) {
        String token = metricsToken == null || metricsToken.isBlank() ? null : metricsToken;
        return with(b -> b.metricsToken = token);
    }

    /** Days unused after which a personal access token is revoked (0: never). */
    public Settings withRevokeUnusedAfterDays(int revokeUnusedAfterDays) {
        if (revokeUnusedAfterDays < 0) {
            throw new IllegalArgumentException("days before unused tokens are revoked must be 0 (never) or more, was "
                    + revokeUnusedAfterDays);
        }
        return with(b -> b.revokeUnusedAfterDays = revokeUnusedAfterDays);
    }

    /** Where notices are emailed from; null sends none. */
    public Settings withSmtp(SmtpSettings smtp) {
        return with(b -> b.smtp = smtp);
    }

    /** The server's address as people reach it (e.g. behind a proxy), for links in notices; null or blank: bind and port. */
    public Settings withPublicUrl(String publicUrl) {
        String url = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.strip();
        if (url != null && !url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("the public URL must start with http:// or https://, was " + url);
        }
        return with(b -> b.publicUrl = url);
    }

    /** {@link #publicUrl()}, or {@code http://bind:port} when none was given. */
    public String publicUrlOr(int actualPort) {
        if (publicUrl != null) {
            return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        }
        String host = bind.contains(":") ? "[" + bind + "]" : bind;
        return (tls == null ? "http://" : "https://") + ("0.0.0.0".equals(bind) || "::".equals(bind) ? "localhost" : host) + ":" + actualPort;
    }

    /** Whether webhooks may go to loopback, private and link-local addresses (off: public addresses only). */
    public Settings withWebhookAllowLocalNetwork(boolean allow) {
        return with(b -> b.webhookAllowLocalNetwork = allow);
    }

    /**
     * The reverse proxies (addresses or CIDR blocks) whose {@code X-Forwarded-For} and
     * {@code X-Forwarded-Proto} are believed; none by default.
     */
    public Settings withTrustedProxies(List<String> proxies) {
        List<String> checked = proxies.stream().map(String::strip).filter(proxy -> !proxy.isEmpty()).toList();
        checked.forEach(HttpServer::checkTrustedProxy);
        return with(b -> b.trustedProxies = checked);
    }

    /**
     * How long after a rotation its old secret is only refused (401 {@code token_rotated}) before
     * presenting it again is taken for reuse and revokes the token's family; zero: at once.
     */
    public Settings withRotationReuseInterval(Duration interval) {
        if (interval.isNegative() || interval.compareTo(MAX_ROTATION_REUSE_INTERVAL) > 0) {
            throw new IllegalArgumentException("the rotation reuse interval must be between 0 and "
                    + MAX_ROTATION_REUSE_INTERVAL.toMinutes() + " minutes, was " + interval.toSeconds() + " seconds");
        }
        return with(b -> b.rotationReuseInterval = interval);
    }

    /**
     * Serves HTTPS with this certificate (null: plain HTTP), which is read now so that a file that
     * cannot serve is refused at once (IllegalArgumentException saying why).
     */
    public Settings withTls(TlsSettings tls) {
        if (tls != null) {
            tls.source().load();
        }
        return with(b -> b.tls = tls);
    }

    /**
     * The OIDC issuers trusted besides those administrators add ({@code serve --oidc-issuer}), whether
     * {@code http} issuers may be trusted (tests, closed networks), and the audience ID tokens must
     * name (null or blank: {@link #publicUrlOr}).
     */
    public Settings withOidc(List<String> issuers, boolean allowHttpIssuers, String audience) {
        List<String> checked = issuers.stream().map(String::strip).filter(issuer -> !issuer.isEmpty()).toList();
        checked.forEach(issuer -> TrustedIssuers.checkConfigured(issuer, allowHttpIssuers));
        String aud = audience == null || audience.isBlank() ? null : audience.strip();
        return with(b -> {
            b.oidcIssuers = checked;
            b.oidcAllowHttpIssuers = allowHttpIssuers;
            b.oidcAudience = aud;
        });
    }

    /**
     * Where the bare git repositories and the package tarballs live (null: {@code DATA/repositories},
     * {@code DATA/packages}): a directory every node mounts, which must exist and be writable now.
     */
    public Settings withSharedFiles(Path repositories, Path packages) {
        Path checkedRepositories = repositories == null ? null : FileStorage.requireUsable("--repositories", repositories);
        Path checkedPackages = packages == null ? null : FileStorage.requireUsable("--packages", packages);
        return with(b -> {
            b.repositories = checkedRepositories;
            b.packages = checkedPackages;
        });
    }

    /** The directory of the bare git repositories. */
    public Path repositoriesDir() {
        return repositories == null ? dataDir.resolve("repositories") : repositories;
    }

    /** The directory of the package tarballs. */
    public Path packagesDir() {
        return packages == null ? dataDir.resolve("packages") : packages;
    }

    /**
     * Merges limit counts with other nodes through Redis at this {@code redis://} or {@code rediss://}
     * URL (null or blank: through PostgreSQL, or not at all on H2).
     */
    public Settings withRedis(String url) {
        String redis = url == null || url.isBlank() ? null : url.strip();
        if (redis != null && !redis.startsWith("redis://") && !redis.startsWith("rediss://")) {
            throw new IllegalArgumentException("--redis must be a redis:// or rediss:// URL");
        }
        if (redis != null) {
            try {
                java.net.URI.create(redis);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--redis is not a valid URL");
            }
        }
        return with(b -> b.redisUrl = redis);
    }

    /**
     * How many tokens the authentication cache holds ({@code serve --token-cache-size}): at least 1,
     * at most {@link #MAX_TOKEN_CACHE_SIZE}.
     */
    public Settings withTokenCacheSize(int size) {
        if (size < 1 || size > MAX_TOKEN_CACHE_SIZE) {
            throw new IllegalArgumentException("--token-cache-size must be between 1 and " + MAX_TOKEN_CACHE_SIZE
                    + ", was " + size);
        }
        return with(b -> b.tokenCacheSize = size);
    }

    public Settings withClock(Clock clock) {
        return with(b -> b.clock = clock);
    }

    @Override
    public String toString() {
        return "Settings[dataDir=" + dataDir + ", bind=" + bind + ", port=" + port + ", db="
                + (dbUrl == null ? "embedded" : "postgresql") + ", rateLimitPerHour=" + rateLimitPerHour
                + ", pushProtection=" + pushProtection + ", usageRetentionDays=" + usageRetentionDays
                + ", metrics=" + (metricsToken == null ? "off" : "on") + ", smtp=" + (smtp == null ? "off" : smtp)
                + (publicUrl == null ? "" : ", publicUrl=" + publicUrl)
                + (webhookAllowLocalNetwork ? ", webhooks=any address" : "")
                + (trustedProxies.isEmpty() ? "" : ", trustedProxies=" + trustedProxies)
                + (tls == null ? "" : ", tls=" + tls)
                + (oidcIssuers.isEmpty() ? "" : ", oidcIssuers=" + oidcIssuers)
                + (oidcAllowHttpIssuers ? ", oidcIssuers=http allowed" : "")
                + (oidcAudience == null ? "" : ", oidcAudience=" + oidcAudience)
                + (repositories == null ? "" : ", repositories=" + repositories)
                + (packages == null ? "" : ", packages=" + packages)
                + (redisUrl == null ? "" : ", limits=redis")
                + (tokenCacheSize == TokenLookup.DEFAULT_SIZE ? "" : ", tokenCacheSize=" + tokenCacheSize)
                + ", revokeUnusedAfterDays=" + revokeUnusedAfterDays
                + ", rotationReuseInterval=" + rotationReuseInterval.toSeconds() + "s]";
    }

    private Settings with(Consumer<Builder> change) {
        Builder builder = new Builder(this);
        change.accept(builder);
        return builder.build();
    }

    /** A copy of settings being changed, one field at a time. */
    private static final class Builder {
        private Path dataDir;
        private String bind;
        private int port;
        private String dbUrl;
        private String dbUser;
        private String dbPassword;
        private int rateLimitPerHour;
        private boolean pushProtection;
        private String serverKey;
        private int usageRetentionDays;
        private String metricsToken;
        private int revokeUnusedAfterDays;
        private SmtpSettings smtp;
        private String publicUrl;
        private boolean webhookAllowLocalNetwork;
        private List<String> trustedProxies;
        private Duration rotationReuseInterval;
        private TlsSettings tls;
        private List<String> oidcIssuers;
        private boolean oidcAllowHttpIssuers;
        private String oidcAudience;
        private Path repositories;
        private Path packages;
        private String redisUrl;
        private Clock clock;
        private int tokenCacheSize;

        Builder(Settings from) {
            dataDir = from.dataDir;
            bind = from.bind;
            port = from.port;
            dbUrl = from.dbUrl;
            dbUser = from.dbUser;
            dbPassword = from.dbPassword;
            rateLimitPerHour = from.rateLimitPerHour;
            pushProtection = from.pushProtection;
            serverKey = from.serverKey;
            usageRetentionDays = from.usageRetentionDays;
            metricsToken = from.metricsToken;
            revokeUnusedAfterDays = from.revokeUnusedAfterDays;
            smtp = from.smtp;
            publicUrl = from.publicUrl;
            webhookAllowLocalNetwork = from.webhookAllowLocalNetwork;
            trustedProxies = from.trustedProxies;
            rotationReuseInterval = from.rotationReuseInterval;
            tls = from.tls;
            oidcIssuers = from.oidcIssuers;
            oidcAllowHttpIssuers = from.oidcAllowHttpIssuers;
            oidcAudience = from.oidcAudience;
            repositories = from.repositories;
            packages = from.packages;
            redisUrl = from.redisUrl;
            clock = from.clock;
            tokenCacheSize = from.tokenCacheSize;
        }

        Settings build() {
            return new Settings(dataDir, bind, port, dbUrl, dbUser, dbPassword, rateLimitPerHour, pushProtection,
                    serverKey, usageRetentionDays, metricsToken, revokeUnusedAfterDays, smtp, publicUrl,
                    webhookAllowLocalNetwork, trustedProxies, rotationReuseInterval, tls, oidcIssuers, oidcAllowHttpIssuers,
                    oidcAudience, repositories, packages, redisUrl, clock, tokenCacheSize);
        }
    }
}
