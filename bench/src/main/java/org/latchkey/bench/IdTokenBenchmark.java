package org.latchkey.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.latchkey.account.AccountService;
import org.latchkey.account.Passwords;
import org.latchkey.account.User;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.audit.UsageRecorder;
import org.latchkey.auth.TokenLookup;
import org.latchkey.metrics.Metrics;
import org.latchkey.oidc.IdTokens;
import org.latchkey.org.OrgResourceOwners;
import org.latchkey.token.Permissions;
import org.latchkey.trust.ClaimRule;
import org.latchkey.trust.JobTokenExchange;
import org.latchkey.trust.JobTokens;
import org.latchkey.trust.NewTrustPolicy;
import org.latchkey.trust.TrustPolicies;
import org.latchkey.oidc.TrustedIssuers;
import org.latchkey.oidc.VerifiedIdToken;
import org.latchkey.store.Database;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Verifying a CI job's ID token with the issuer's keys cached: parse, one RS256 or ES256 signature
 * check, the claims checks and one insert of the {@code jti}'s digest into a real embedded store.
 * A local issuer on loopback serves the discovery document and the keys once; each invocation
 * verifies a fresh token (minted, untimed, before it), since a {@code jti} is accepted once.
 * {@code exchange} is the whole exchange on top of it ({@code POST /api/v1/oidc/token} without HTTP):
 * the verification, matching the policies naming the issuer, and minting the job token (its row,
 * the job's row and the audit event). {@code SampleTime} gives p50 and p99. Meant to run
 * single-threaded ({@code -t 1}): {@code bench/jmh.sh IdTokenBenchmark}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class IdTokenBenchmark {

    private static final String AUDIENCE = "https://latchkey.example";

    @Param({"RS256", "ES256"})
    public String algorithm;

    private Path dataDir;
    private Database database;
    private HttpServer issuerServer;
    private String issuer;
    private JWK key;
    private JWSSigner signer;
    private IdTokens tokens;
    private JobTokenExchange exchange;
    private UsageRecorder usage;
    private String next;

    @Setup
    public void setUp() throws IOException, JOSEException {
        dataDir = Files.createTempDirectory("latchkey-bench-oidc");
        database = Database.embedded(dataDir);
        JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
        if (alg == JWSAlgorithm.ES256) {
            ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("bench").keyUse(KeyUse.SIGNATURE).algorithm(alg).generate();
            key = ec;
            signer = new ECDSASigner(ec);
        } else {
            RSAKey rsa = new RSAKeyGenerator(2048).keyID("bench").keyUse(KeyUse.SIGNATURE).algorithm(alg).generate();
            key = rsa;
            signer = new RSASSASigner(rsa);
        }
        issuerServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + issuerServer.getAddress().getPort();
        serve("/.well-known/openid-configuration",
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/.well-known/jwks\"}");
        serve("/.well-known/jwks", new JWKSet(key).toPublicJWKSet().toString());
        issuerServer.start();
        Clock clock = Clock.systemUTC();
        tokens = new IdTokens(new TrustedIssuers(database.oidcIssuers(), List.of(issuer), true,
                new AuditLog(database.audit(), clock), clock), database.seenIdTokens(), clock);
        exchange = exchange(clock);
        mint();
        tokens.verify(next, AUDIENCE);
    }

    /** acme's policy for acme/app's jobs, and the exchange as {@code Composition} builds it. */
    private JobTokenExchange exchange(Clock clock) {
        SecureRandom random = new SecureRandom();
        AuditLog audit = new AuditLog(database.audit(), clock);
        User acme = new AccountService(database.users(), new Passwords(random), audit, clock)
                .create("acme", "acme@example.com", "a long bench password", false, null, Origin.INTERNAL);
        usage = new UsageRecorder(database.tokens(), 2000);
        TokenLookup lookup = new TokenLookup(database.tokens(), database.users(), database.twoFactor(), usage, clock,
                Metrics.unpublished());
        JobTokens jobs = new JobTokens(database.jobTokens(), database.tokens(), lookup, audit, clock, random, Duration.ofDays(90));
        TrustPolicies policies = new TrustPolicies(database.trustPolicies(), trusted -> true,
                new OrgResourceOwners(database.users(), database.orgs(), database.repositories()), true, jobs, audit, clock);
        database.trustPolicies().insert(new NewTrustPolicy(acme.id(), acme.id(), "release", issuer,
                Map.of("repository", ClaimRule.parse("repository", "acme/app"),
                        "repository_owner_id", ClaimRule.parse("repository_owner_id", "1001")),
                Map.of(), List.of("@acme/*"), Permissions.parse(Map.of("packages", "write")), 15, Instant.now()));
        return new JobTokenExchange(tokens, policies, jobs, random);
    }

    private void serve(String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        issuerServer.createContext(path, exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
    }

    @Setup(Level.Invocation)
    public void mint() throws JOSEException {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience(AUDIENCE)
                .subject("repo:acme/app:ref:refs/heads/main").jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("repository", "acme/app").claim("repository_owner_id", "1001")
                .claim("job_workflow_ref", "acme/app/.github/workflows/release.yml@refs/heads/main")
                .claim("ref", "refs/heads/main").claim("run_id", "1234").build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.parse(algorithm)).type(JOSEObjectType.JWT)
                .keyID("bench").build(), claims);
        jwt.sign(signer);
        next = jwt.serialize();
    }

    @Benchmark
    public VerifiedIdToken verifyCachedKeys() {
        return tokens.verify(next, AUDIENCE);
    }

    @Benchmark
    public JobTokenExchange.Exchanged exchange() {
        return exchange.exchange(next, AUDIENCE, null, Origin.INTERNAL);
    }

    @TearDown
    public void tearDown() throws IOException {
        usage.close();
        issuerServer.stop(0);
        database.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
