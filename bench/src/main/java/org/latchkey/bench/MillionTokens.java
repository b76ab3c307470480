package org.latchkey.bench;

import java.io.IOException;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.latchkey.account.AccountService;
import org.latchkey.account.LoginThrottle;
import org.latchkey.account.Passwords;
import org.latchkey.account.User;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.DeadTokenPresentations;
import org.latchkey.audit.LastUseStore;
import org.latchkey.audit.Origin;
import org.latchkey.audit.TokenUse;
import org.latchkey.audit.UsageRecorder;
import org.latchkey.auth.Authenticator;
import org.latchkey.auth.DeadTokens;
import org.latchkey.auth.Principal;
import org.latchkey.auth.TokenLookup;
import org.latchkey.metrics.Metrics;
import org.latchkey.org.OrgResourceOwners;
import org.latchkey.store.Database;
import org.latchkey.token.Expiry;
import org.latchkey.token.FineGrainedTokens;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenService;
import org.latchkey.token.TokenSpec;
import org.latchkey.token.TokenType;

/**
 * The million-token figures: N live classic tokens (real secrets, their SHA-256 stored) of U
 * accounts, inserted with COPY into a PostgreSQL database of their own, then, through the same
 * public constructors as {@code Latchkey.start}: the cache-miss and cache-hit latency of a whole
 * authentication (p50, p99), the heap each cached token takes (every token loaded, full GCs, used
 * heap before and after), the usage recorder's writes per second while threads authenticate, and
 * token creation through {@link TokenService}. The miss latency is measured on H2 too, with fewer
 * tokens. Arguments: {@code N [U]}; environment {@code BENCH_PG_URL} (default: a database
 * {@code latchkey_bench} on 127.0.0.1:5432, user postgres, made if missing and emptied each run),
 * {@code BENCH_H2_TOKENS} (default min(N, 100000)), {@code BENCH_SECONDS} (load phase, default 10).
 */
public final class MillionTokens {

    private static final String IP = "203.0.113.7";
    private static final String AGENT = "git/2.39.5";
    private static final int SAMPLES = 20_000;

    private final int tokens;
    private final int users;
    private final byte[] secrets;
    private final Clock clock = Clock.systemUTC();

    private MillionTokens(int tokens, int users) {
        this.tokens = tokens;
        this.users = users;
        this.secrets = new byte[tokens * TokenFormat.LENGTH];
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        int u = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        String pgUrl = System.getenv().getOrDefault("BENCH_PG_URL",
                "jdbc:postgresql://127.0.0.1:5432/latchkey_bench?user=postgres");
        int h2Tokens = Integer.parseInt(System.getenv().getOrDefault("BENCH_H2_TOKENS", Integer.toString(Math.min(n, 100_000))));
        int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "10"));
        new MillionTokens(n, u).run(pgUrl, h2Tokens, seconds);
    }

    private void run(String pgUrl, int h2Tokens, int seconds) throws Exception {
        System.out.printf("tokens: %,d of %,d accounts; heap max %,d MB; %d processors%n", tokens, users,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        generateSecrets();
        recreate(pgUrl);
        try (Database database = Database.postgres(pgUrl, null, null)) {
            long start = System.nanoTime();
            try (Connection connection = DriverManager.getConnection(pgUrl)) {
                copyIn(connection);
            }
            System.out.printf("inserted %,d tokens with COPY in %.1f s%n", tokens, seconds(start));
            System.out.println("\n== PostgreSQL, " + String.format("%,d", tokens) + " live tokens ==");
            latencies(database, tokens);
            heapPerToken(database);
            usageUnderLoad(database, seconds);
            creation(database);
        }
        if (h2Tokens > 0) {
            h2(h2Tokens);
        }
    }

    private void generateSecrets() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < tokens; i++) {
            String secret = TokenFormat.generate(TokenType.CLASSIC, random);
            for (int c = 0; c < TokenFormat.LENGTH; c++) {
                secrets[i * TokenFormat.LENGTH + c] = (byte) secret.charAt(c);
            }
        }
    }

    private String secret(int index) {
        return new String(secrets, index * TokenFormat.LENGTH, TokenFormat.LENGTH, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Drops and makes the bench database, so that each run starts from an empty schema. */
    private static void recreate(String pgUrl) throws SQLException {
        int slash = pgUrl.lastIndexOf('/');
        int query = pgUrl.indexOf('?', slash);
        String name = pgUrl.substring(slash + 1, query < 0 ? pgUrl.length() : query);
        String admin = pgUrl.substring(0, slash + 1) + "postgres" + (query < 0 ? "" : pgUrl.substring(query));
        try (Connection connection = DriverManager.getConnection(admin); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        }
    }

    /** The accounts and tokens, written as the store writes them (hash, scopes, times), with COPY. */
    private void copyIn(Connection connection) throws SQLException, IOException {
        Instant now = clock.instant();
        StringBuilder rows = new StringBuilder();
        for (int u = 1; u <= users; u++) {
            rows.append(u).append("\tmt-").append(u).append("\tmt-").append(u).append("\tmt-").append(u)
                    .append("@example.com\tf\t").append(now).append('\n');
        }
        org.postgresql.copy.CopyManager copy = connection.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
        copy.copyIn("COPY users (id, login, login_key, email, admin, created_at) FROM STDIN", new StringReader(rows.toString()));
        String created = now.toString();
        String expires = now.plus(Duration.ofDays(30)).toString();
        HexFormat hex = HexFormat.of();
        int batch = 100_000;
        for (int from = 0; from < tokens; from += batch) {
            rows.setLength(0);
            for (int i = from; i < Math.min(tokens, from + batch); i++) {
                long id = i + 1L;
                rows.append(id).append('\t').append(i % users + 1).append("\t\\\\x")
                        .append(hex.formatHex(TokenHash.of(secret(i)).bytes())).append("\tCLASSIC\tbench token ").append(id)
                        .append("\t\\N\trepo\t").append(created).append('\t').append(expires).append('\t').append(id).append('\n');
            }
            copy.copyIn("COPY tokens (id, user_id, hash, type, name, description, scopes, created_at, expires_at, family_id)"
                    + " FROM STDIN", new StringReader(rows.toString()));
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT setval('token_ids', " + (tokens + 1L) + ")");
            statement.execute("SELECT setval(pg_get_serial_sequence('users', 'id'), " + (users + 1L) + ")");
            statement.execute("ANALYZE users");
            statement.execute("ANALYZE tokens");
        }
    }

    /** An authenticator as {@code Latchkey.start} builds one, on its own cache of the given size. */
    private Stack stack(Database database, int cacheSize, LastUseStore lastUse, long flushMillis) {
        UsageRecorder usage = new UsageRecorder(lastUse, flushMillis);
        AuditLog audit = new AuditLog(database.audit(), clock);
        Metrics metrics = Metrics.unpublished();
        TokenLookup lookup = new TokenLookup(database.tokens(), database.users(), database.twoFactor(), usage, clock,
                metrics, cacheSize);
        FineGrainedTokens fineGrained = new FineGrainedTokens(
                new OrgResourceOwners(database.users(), database.orgs(), database.repositories()));
        TokenService service = new TokenService(database.tokens(), fineGrained, lookup, audit, clock, new SecureRandom());
        LoginThrottle throttle = new LoginThrottle(clock);
        DeadTokens deadTokens = new DeadTokens(new DeadTokenPresentations(audit, clock), throttle, service, clock, null,
                null, Duration.ofSeconds(60));
        return new Stack(new Authenticator(lookup, throttle, deadTokens, clock, metrics), lookup, usage, service, audit);
    }

    private record Stack(Authenticator authenticator, TokenLookup lookup, UsageRecorder usage, TokenService service,
                         AuditLog audit) {
    }

    /** One thread: SAMPLES distinct tokens authenticated once (each a miss), then again (each a hit). */
    private void latencies(Database database, int count) {
        Stack stack = stack(database, TokenLookup.DEFAULT_SIZE, database.tokens(), 1000);
        SecureRandom random = new SecureRandom();
        int samples = Math.min(SAMPLES, count);
        int[] picked = random.ints(0, count).distinct().limit(samples).toArray();
        String[] headers = Arrays.stream(picked).mapToObj(i -> "token " + secret(i)).toArray(String[]::new);
        for (int i = 0; i < Math.min(2000, samples); i++) {
            stack.authenticator().authenticate(headers[i], IP, AGENT); // warm-up (misses, then hits below)
        }
        stack.lookup().invalidateAll();
        long[] miss = new long[samples];
        long[] hit = new long[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            stack.authenticator().authenticate(headers[i], IP, AGENT);
            miss[i] = System.nanoTime() - start;
        }
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < samples; i++) {
                long start = System.nanoTime();
                Principal principal = stack.authenticator().authenticate(headers[i], IP, AGENT);
                hit[i] = Math.min(round == 0 ? Long.MAX_VALUE : hit[i], System.nanoTime() - start);
                if (principal == null) {
                    throw new IllegalStateException();
                }
            }
        }
        Arrays.sort(miss);
        Arrays.sort(hit);
        System.out.printf("authentication, %,d distinct tokens, one thread:%n", samples);
        System.out.printf("  cache miss  p50 %8.1f us  p99 %8.1f us%n", micros(miss, 0.50), micros(miss, 0.99));
        System.out.printf("  cache hit   p50 %8.1f us  p99 %8.1f us  (best of 5 rounds per token)%n", micros(hit, 0.50),
                micros(hit, 0.99));
        System.out.printf("  miss / hit at p50: %.0fx%n", micros(miss, 0.50) / micros(hit, 0.50));
        stack.usage().close();
    }

    /**
     * Every token loaded into one cache (4 threads), their first uses flushed (to a store that only
     * counts them: writing a million rows is measured apart), then the heap it holds per token.
     */
    private void heapPerToken(Database database) throws Exception {
        CountingStore discarding = new CountingStore(uses -> { });
        Stack stack = stack(database, tokens, discarding, 3_600_000);
        long before = usedAfterGc();
        long start = System.nanoTime();
        parallel(4, (thread, threads) -> {
            for (int i = thread; i < tokens; i += threads) {
                stack.authenticator().authenticate("token " + secret(i), IP, AGENT);
            }
        });
        double loadSeconds = seconds(start);
        stack.usage().flush();
        long after = usedAfterGc();
        long cached = stack.lookup().cachedTokens();
        System.out.printf("cache of %,d tokens (loaded by 4 threads in %.1f s, %,.0f misses/s):%n", cached, loadSeconds,
                tokens / loadSeconds);
        System.out.printf("  heap per cached token: %.0f B (used heap after full GCs, %,d MB for all)%n",
                (after - before) / (double) cached, (after - before) >> 20);
        System.out.printf("  against the 1,015 B measured before the compact entry: %.2f of it%n",
                (after - before) / (double) cached / 1015);
        if (discarding.rows.get() != tokens) {
            throw new IllegalStateException("flushed " + discarding.rows.get() + " uses of " + tokens + " tokens");
        }
        if (stack.lookup().find(TokenHash.of(secret(0))) == null) {
            throw new IllegalStateException("token 0 is not there");
        }
        stack.usage().close();
    }

    /** Threads authenticate cached tokens from changing addresses; the recorder flushes every second meanwhile. */
    private void usageUnderLoad(Database database, int seconds) throws Exception {
        CountingStore counting = new CountingStore(database.tokens());
        Stack stack = stack(database, tokens, counting, 1000);
        int hot = Math.min(tokens, 20_000);
        parallel(4, (thread, threads) -> {
            for (int i = thread; i < hot; i += threads) {
                stack.authenticator().authenticate("token " + secret(i), IP, AGENT);
            }
        });
        stack.usage().flush();
        counting.reset();
        String[] ips = new String[1024];
        for (int i = 0; i < ips.length; i++) {
            ips[i] = "10.0." + (i >> 8) + "." + (i & 255);
        }
        AtomicLong requests = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        parallel(2, (thread, threads) -> {
            SecureRandom random = new SecureRandom();
            long done = 0;
            while (System.nanoTime() < end) {
                for (int k = 0; k < 256; k++) {
                    stack.authenticator().authenticate("token " + secret(random.nextInt(hot)), ips[random.nextInt(ips.length)],
                            AGENT);
                }
                done += 256;
            }
            requests.addAndGet(done);
        });
        double loadSeconds = seconds(start);
        stack.usage().close();
        double elapsed = seconds(start);
        System.out.printf("usage recording under load (%d s, 2 threads authenticating %,d cached tokens from 1,024 addresses,"
                + " a flush every second, then the last one):%n", seconds, hot);
        System.out.printf("  %,.0f authentications/s; %,d rows written in %d batches in %.1f s: %,.0f rows/s overall,"
                        + " %,.0f rows/s while writing%n", requests.get() / loadSeconds, counting.rows.get(), counting.batches.get(),
                elapsed, counting.rows.get() / elapsed, counting.rows.get() / (counting.nanos.get() / 1e9));
    }

    /** Token creation through the service (name check, insert, audit event), by one and by four threads. */
    private void creation(Database database) throws Exception {
        Stack stack = stack(database, TokenLookup.DEFAULT_SIZE, database.tokens(), 1000);
        AccountService accounts = new AccountService(database.users(), new Passwords(new SecureRandom()), stack.audit(), clock);
        List<User> owners = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            owners.add(accounts.create("creator-" + i, null, "a long bench password " + i, false, null, Origin.INTERNAL));
        }
        for (int threads : new int[] {1, 4}) {
            int each = 500;
            long start = System.nanoTime();
            parallel(threads, (thread, all) -> {
                for (int i = 0; i < each; i++) {
                    stack.service().create(owners.get(thread), new TokenSpec("t" + all + "-" + i, null, List.of("repo"),
                            Expiry.inDays(30)), Origin.INTERNAL);
                }
            });
            double elapsed = seconds(start);
            System.out.printf("token creation through TokenService, %d thread%s: %,.0f tokens/s (%,d tokens in %.1f s)%n",
                    threads, threads == 1 ? "" : "s", each * threads / elapsed, each * threads, elapsed);
        }
        stack.usage().close();
    }

    /** The miss latency on the embedded H2 database, with fewer tokens (inserted in batches). */
    private void h2(int count) throws Exception {
        Path dir = Files.createTempDirectory("latchkey-million-h2");
        try {
            Database.embedded(dir).close();
            String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("latchkey") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
            long start = System.nanoTime();
            try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
                batchIn(connection, count);
            }
            System.out.printf("%n== H2 (embedded), %,d live tokens (inserted in %.1f s) ==%n", count, seconds(start));
            try (Database database = Database.embedded(dir)) {
                latencies(database, count);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private void batchIn(Connection connection, int count) throws SQLException {
        connection.setAutoCommit(false);
        Timestamp now = Timestamp.from(clock.instant());
        Timestamp expires = Timestamp.from(clock.instant().plus(Duration.ofDays(30)));
        try (PreparedStatement user = connection.prepareStatement(
                "INSERT INTO users (id, login, login_key, email, admin, created_at) VALUES (?, ?, ?, ?, FALSE, ?)")) {
            for (int u = 1; u <= users; u++) {
                user.setLong(1, u);
                user.setString(2, "mt-" + u);
                user.setString(3, "mt-" + u);
                user.setString(4, "mt-" + u + "@example.com");
                user.setTimestamp(5, now);
                user.addBatch();
            }
            user.executeBatch();
        }
        try (PreparedStatement token = connection.prepareStatement("INSERT INTO tokens (id, user_id, hash, type, name,"
                + " scopes, created_at, expires_at, family_id) VALUES (?, ?, ?, 'CLASSIC', ?, 'repo', ?, ?, ?)")) {
            for (int i = 0; i < count; i++) {
                long id = i + 1L;
                token.setLong(1, id);
                token.setLong(2, i % users + 1);
                token.setBytes(3, TokenHash.of(secret(i)).bytes());
                token.setString(4, "bench token " + id);
                token.setTimestamp(5, now);
                token.setTimestamp(6, expires);
                token.setLong(7, id);
                token.addBatch();
                if (i % 10_000 == 9_999) {
                    token.executeBatch();
                }
            }
            token.executeBatch();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER SEQUENCE token_ids RESTART WITH " + (count + 1L));
            statement.execute("ALTER TABLE users ALTER COLUMN id RESTART WITH " + (users + 1L));
        }
        connection.commit();
    }

    /** The recorder's store, counting the rows and batches it is given and the time they take. */
    private static final class CountingStore implements LastUseStore {
        private final LastUseStore store;
        final AtomicLong rows = new AtomicLong();
        final AtomicLong batches = new AtomicLong();
        final AtomicLong nanos = new AtomicLong();

        CountingStore(LastUseStore store) {
            this.store = store;
        }

        @Override
        public void recordUsage(Collection<TokenUse> uses) {
            long start = System.nanoTime();
            store.recordUsage(uses);
            nanos.addAndGet(System.nanoTime() - start);
            rows.addAndGet(uses.size());
            batches.incrementAndGet();
        }

        void reset() {
            rows.set(0);
            batches.set(0);
            nanos.set(0);
        }
    }

    @FunctionalInterface
    private interface Work {
        void run(int thread, int threads) throws Exception;
    }

    private static void parallel(int threads, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                running.add(pool.submit(() -> {
                    work.run(thread, threads);
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static double micros(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1000.0;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
