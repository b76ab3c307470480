package org.latchkey.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.latchkey.account.AccountService;
import org.latchkey.account.LoginThrottle;
import org.latchkey.account.Passwords;
import org.latchkey.account.User;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.DeadTokenPresentations;
import org.latchkey.audit.Origin;
import org.latchkey.audit.UsageRecorder;
import org.latchkey.auth.Requirement;
import org.latchkey.auth.AuthenticationFailed;
import org.latchkey.auth.Authenticator;
import org.latchkey.auth.DeadTokens;
import org.latchkey.auth.Principal;
import org.latchkey.auth.TokenLookup;
import org.latchkey.cluster.Lease;
import org.latchkey.metrics.Metrics;
import org.latchkey.org.OrgResourceOwners;
import org.latchkey.store.Database;
import org.latchkey.token.Expiry;
import org.latchkey.token.FineGrainedTokens;
import org.latchkey.token.Scope;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenService;
import org.latchkey.token.TokenSpec;
import org.latchkey.token.TokenType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The authentication pipeline on a cache hit (parse, checksum, SHA-256, cache lookup, scope
 * check) beside its two primitives, a bare SHA-256 of a 40-byte secret and a CRC32 of its 34
 * checked bytes. Everything is built with the same public constructors as {@code Latchkey.start},
 * on a real embedded store in a temporary directory. Meant to run single-threaded ({@code -t 1}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class AuthenticationBenchmark {

    private static final String IP = "127.0.0.1";
    private static final String USER_AGENT = "git/2.39.5";

    private Path dataDir;
    private Database database;
    private UsageRecorder usage;
    private Authenticator authenticator;
    private Authenticator leased;
    private Authenticator rejecting;
    private Requirement repoAccess;
    private String secret;
    private String header;
    private String malformedHeader;
    private byte[] secretBytes;
    private MessageDigest sha256;
    private CRC32 crc;

    @Setup
    public void setUp() throws IOException, NoSuchAlgorithmException {
        dataDir = Files.createTempDirectory("latchkey-bench");
        database = Database.embedded(dataDir);
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        usage = new UsageRecorder(database.tokens(), 2000);
        AuditLog audit = new AuditLog(database.audit(), clock);
        Metrics metrics = Metrics.unpublished();
        TokenLookup lookup = new TokenLookup(database.tokens(), database.users(), database.twoFactor(), usage, clock, metrics);
        FineGrainedTokens fineGrained = new FineGrainedTokens(
                new OrgResourceOwners(database.users(), database.orgs(), database.repositories()));
        TokenService tokens = new TokenService(database.tokens(), fineGrained, lookup, audit, clock, random);
        AccountService accounts = new AccountService(database.users(), new Passwords(random), audit, clock);
        User user = accounts.create("bench", "bench@example.com", "a long bench password", false, null, Origin.INTERNAL);
        secret = tokens.create(user, new TokenSpec("bench", null, List.of("repo"), Expiry.inDays(7)), Origin.INTERNAL)
                .secret();
        header = "token " + secret;
        malformedHeader = "token " + withBadChecksum(secret);

        authenticator = authenticator(lookup, new LoginThrottle(clock), tokens, audit, clock, metrics);
        // Every rejection counts against the address; with the real limits the loop would be
        // locked out after 30 and measure the lockout instead, so this throttle never locks.
        LoginThrottle neverLocks = new LoginThrottle(clock,
                new LoginThrottle.Rule(10, Duration.ofMinutes(3), Duration.ofMinutes(15)),
                new LoginThrottle.Rule(Integer.MAX_VALUE, Duration.ofMillis(1), Duration.ofMinutes(15)));
        rejecting = authenticator(lookup, neverLocks, tokens, audit, clock, metrics);
        repoAccess = Requirement.scope(Scope.REPO);

        secretBytes = secret.getBytes(StandardCharsets.US_ASCII);
        sha256 = MessageDigest.getInstance("SHA-256");
        crc = new CRC32();

        // As on PostgreSQL: the cache is trusted only while a renewable lease is held, read by the
        // monotonic clock on every hit (renewed here once, as if sent an hour ahead, to hold for the run).
        Lease lease = Lease.renewable(System::nanoTime);
        lease.renewed(System.nanoTime() + TimeUnit.HOURS.toNanos(1), () -> { });
        TokenLookup leasedLookup = new TokenLookup(database.tokens(), database.users(), database.twoFactor(), usage, clock,
                metrics, lease);
        leased = authenticator(leasedLookup, new LoginThrottle(clock), tokens, audit, clock, metrics);

        // Load the token into the caches, so that the loops measure the cache-hit path.
        repoAccess.check(authenticator.authenticate(header, IP, USER_AGENT));
        repoAccess.check(leased.authenticate(header, IP, USER_AGENT));
    }

    /** An authenticator as {@code Latchkey.start} builds one, without the alert rules. */
    private static Authenticator authenticator(TokenLookup lookup, LoginThrottle throttle, TokenService tokens,
                                               AuditLog audit, Clock clock, Metrics metrics) {
        DeadTokens deadTokens = new DeadTokens(new DeadTokenPresentations(audit, clock), throttle, tokens, clock, null, null,
                Duration.ofSeconds(60));
        return new Authenticator(lookup, throttle, deadTokens, clock, metrics);
    }

    @TearDown
    public void tearDown() throws IOException {
        usage.close();
        database.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** What the pipeline cannot do without: SHA-256 of the 40 ASCII bytes of a secret. */
    @Benchmark
    public byte[] sha256Of40Bytes() {
        sha256.update(secretBytes);
        return sha256.digest();
    }

    /** The checksum part of the format check: CRC32 of the 34 bytes before the checksum. */
    @Benchmark
    public long crc32Of34Bytes() {
        crc.reset();
        crc.update(secretBytes, 0, TokenFormat.LENGTH - TokenFormat.CHECKSUM_LENGTH);
        return crc.getValue();
    }

    /** Prefix, length, alphabet and checksum of a well-formed secret. */
    @Benchmark
    public TokenType parseAndChecksumOnly() {
        return TokenFormat.parse(secret);
    }

    /** A request's whole authentication with a cached token, then the route's scope check. */
    @Benchmark
    public Principal authenticateCacheHit() {
        Principal principal = authenticator.authenticate(header, IP, USER_AGENT);
        repoAccess.check(principal);
        return principal;
    }

    /** {@link #authenticateCacheHit} with the cache behind a renewable lease, as on PostgreSQL (one more clock read). */
    @Benchmark
    public Principal authenticateCacheHitLeased() {
        Principal principal = leased.authenticate(header, IP, USER_AGENT);
        repoAccess.check(principal);
        return principal;
    }

    /** A secret with a wrong checksum: refused before any lookup, the failure counted against the address. */
    @Benchmark
    public Object rejectMalformed() {
        try {
            return rejecting.authenticate(malformedHeader, IP, USER_AGENT);
        } catch (AuthenticationFailed expected) {
            return expected;
        }
    }

    private static String withBadChecksum(String secret) {
        char last = secret.charAt(secret.length() - 1);
        char other = last == 'A' ? 'B' : 'A';
        String malformed = secret.substring(0, secret.length() - 1) + other;
        if (TokenFormat.isWellFormed(malformed)) {
            throw new IllegalStateException("the altered secret still passed its checksum");
        }
        return malformed;
    }
}
