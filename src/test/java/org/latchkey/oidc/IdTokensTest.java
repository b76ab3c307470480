package org.latchkey.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.latchkey.MutableClock;
import org.latchkey.Refusal;
import org.latchkey.account.User;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.store.Database;
import org.latchkey.store.TestDatabases;

/**
 * Every check of an ID token, each attack refused with the check it failed: signatures, algorithms,
 * issuers, audiences, times and the issuer's keys (replays, stored, are in {@link IdTokenReplayTest}).
 */
class IdTokensTest {

    private static final String AUDIENCE = "https://latchkey.example";
    private static TestDatabases.Fresh db;

    @RegisterExtension
    final FakeCiProvider ci = new FakeCiProvider();
    @RegisterExtension
    final FakeCiProvider stranger = new FakeCiProvider();

    private final MutableClock clock = MutableClock.startingNow();
    private IdTokens tokens;

    @BeforeAll
    static void openDatabase() {
        db = TestDatabases.freshH2();
    }

    @AfterAll
    static void closeDatabase() throws Exception {
        db.close();
    }

    @BeforeEach
    void trustTheProvider() {
        ci.clock(clock);
        stranger.clock(clock);
        tokens = idTokens(db.database(), clock, ci.issuer());
    }

    static IdTokens idTokens(Database database, MutableClock clock, String... issuers) {
        TrustedIssuers trusted = new TrustedIssuers(database.oidcIssuers(), List.of(issuers), true,
                new AuditLog(database.audit(), clock), clock);
        return new IdTokens(trusted, database.seenIdTokens(), clock);
    }

    private String refusal(String jwt) {
        return refused(jwt).code();
    }

    private Refusal refused(String jwt) {
        Refusal refusal = catchThrowableOfType(Refusal.class, () -> tokens.verify(jwt, AUDIENCE));
        assertThat(refusal).as("refused").isNotNull();
        assertThat(refusal.kind()).isEqualTo(Refusal.Kind.UNAUTHENTICATED);
        if (!jwt.isEmpty()) {
            assertThat(refusal.getMessage()).doesNotContain(jwt);
        }
        return refusal;
    }

    @Test
    void tokens_of_github_gitlab_and_a_generic_issuer_verify_with_their_claims() {
        VerifiedIdToken github = tokens.verify(ci.github().audience(AUDIENCE).sign(), AUDIENCE);
        ci.rotate(JWSAlgorithm.ES256);
        clock.advance(IssuerKeys.REFETCH_INTERVAL);
        VerifiedIdToken gitlab = tokens.verify(ci.gitlab().audience(AUDIENCE).sign(), AUDIENCE);
        VerifiedIdToken generic = tokens.verify(ci.generic().audience(AUDIENCE).sign(), AUDIENCE);

        assertThat(github.issuer()).isEqualTo(ci.issuer());
        assertThat(github.subject()).isEqualTo("repo:acme/app:ref:refs/heads/main");
        assertThat(github.claim("repository_owner_id")).isEqualTo(FakeCiProvider.GITHUB_OWNER_ID);
        assertThat(github.claim("job_workflow_ref")).isEqualTo("acme/app/.github/workflows/release.yml@refs/heads/main");
        assertThat(github.claim("run_id")).isEqualTo("1234");
        assertThat(github.jti()).isNotBlank();
        assertThat(github.expiresAt()).isBefore(clock.instant().plus(Duration.ofMinutes(6)));
        assertThat(gitlab.subject()).isEqualTo("project_path:group/proj:ref_type:branch:ref:main");
        assertThat(gitlab.claim("namespace_id")).isEqualTo(FakeCiProvider.GITLAB_NAMESPACE_ID);
        assertThat(generic.subject()).isEqualTo("pipeline:deploy");
    }

    @Test
    void a_github_job_requests_a_token_for_an_audience_with_its_request_token() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI url = URI.create(ci.githubActionsEnvironment().get("ACTIONS_ID_TOKEN_REQUEST_URL")
                + "&audience=" + URLEncoder.encode(AUDIENCE, StandardCharsets.UTF_8));
        ci.jobClaims(new HashMap<>(Map.of("environment", "staging")));

        var answer = http.send(HttpRequest.newBuilder(url).header("Authorization", "Bearer "
                + ci.githubActionsEnvironment().get("ACTIONS_ID_TOKEN_REQUEST_TOKEN")).build(),
                HttpResponse.BodyHandlers.ofString());
        var refused = http.send(HttpRequest.newBuilder(url).header("Authorization", "Bearer wrong").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        String jwt = (String) JSONObjectUtils.parse(answer.body()).get("value");
        VerifiedIdToken token = tokens.verify(jwt, AUDIENCE);
        assertThat(token.claim("repository")).isEqualTo(FakeCiProvider.GITHUB_REPOSITORY);
        assertThat(token.claim("environment")).isEqualTo("staging");
        assertThat(refused.statusCode()).isEqualTo(401);
    }

    @Test
    void a_token_for_another_audience_or_for_several_is_refused() {
        assertThat(refusal(ci.github().audience("https://other.example").sign())).isEqualTo("audience");
        assertThat(refusal(ci.github().audience(List.of("https://other.example", AUDIENCE)).sign())).isEqualTo("audience");
        assertThat(refusal(ci.github().audience(AUDIENCE + "/").sign())).isEqualTo("audience");
        assertThat(refusal(ci.github().without("aud").sign())).isEqualTo("audience");
        assertThat(refused(ci.github().audience("x").sign()).getMessage())
                .contains("must be exactly " + AUDIENCE).contains("GET /api/v1/oidc/audience");
    }

    @Test
    void an_expired_token_is_refused_once_the_minute_of_leeway_has_passed() {
        String early = ci.github().audience(AUDIENCE).sign();
        String late = ci.github().audience(AUDIENCE).sign();
        clock.advance(Duration.ofMinutes(5).plusSeconds(59));
        assertThat(tokens.verify(early, AUDIENCE).subject()).isNotNull();
        clock.advance(Duration.ofSeconds(2));
        assertThat(refusal(late)).isEqualTo("expired");
        assertThat(refusal(ci.github().audience(AUDIENCE).without("exp").sign())).isEqualTo("malformed");
    }

    @Test
    void a_token_issued_or_valid_only_in_the_future_is_refused_beyond_a_minute() {
        Instant now = clock.instant();
        assertThat(tokens.verify(ci.github().audience(AUDIENCE).issuedAt(now.plusSeconds(50)).sign(), AUDIENCE))
                .isNotNull();
        assertThat(refusal(ci.github().audience(AUDIENCE).issuedAt(now.plusSeconds(120)).sign())).isEqualTo("not_yet_valid");
        assertThat(refused(ci.github().audience(AUDIENCE).issuedAt(now.plusSeconds(120)).sign()).getMessage())
                .contains("iat");
        assertThat(refusal(ci.github().audience(AUDIENCE).notBefore(now.plusSeconds(120)).sign())).isEqualTo("not_yet_valid");
        assertThat(refused(ci.github().audience(AUDIENCE).notBefore(now.plusSeconds(120)).sign()).getMessage())
                .contains("nbf");
        assertThat(refusal(ci.github().audience(AUDIENCE).without("iat").sign())).isEqualTo("malformed");
    }

    @Test
    void a_token_without_jti_or_sub_is_refused() {
        assertThat(refused(ci.github().audience(AUDIENCE).without("jti").sign()).getMessage()).contains("no jti claim");
        assertThat(refusal(ci.github().audience(AUDIENCE).claim("jti", 42).sign())).isEqualTo("malformed");
        assertThat(refusal(ci.github().audience(AUDIENCE).without("sub").sign())).isEqualTo("malformed");
    }

    @Test
    void unsigned_hmac_and_other_algorithms_are_refused() {
        assertThat(refused(ci.github().audience(AUDIENCE).unsigned()).getMessage()).contains("not signed");
        assertThat(refusal(ci.github().audience(AUDIENCE).unsigned())).isEqualTo("invalid_signature");
        assertThat(refused(ci.github().audience(AUDIENCE).signHs256WithPublicKey()).getMessage()).contains("HS256");
        assertThat(refusal(ci.github().audience(AUDIENCE).algorithm(JWSAlgorithm.RS384).sign())).isEqualTo("invalid_signature");
        assertThat(refusal(ci.github().audience(AUDIENCE).algorithm(JWSAlgorithm.PS256).sign())).isEqualTo("invalid_signature");
        assertThat(refusal(ci.github().audience(AUDIENCE).algorithm(JWSAlgorithm.RS512).sign())).isEqualTo("invalid_signature");
        assertThat(ci.jwksFetches()).as("refused before any key is read").isZero();
    }

    @Test
    void a_signature_by_another_key_or_over_other_claims_is_refused() {
        String good = ci.github().audience(AUDIENCE).sign();
        String[] parts = good.split("\\.");
        String other = ci.github().audience(AUDIENCE).claim("repository", "evil/app").sign().split("\\.")[1];
        assertThat(refusal(parts[0] + "." + other + "." + parts[2])).isEqualTo("invalid_signature");
        String forged = stranger.github().audience(AUDIENCE).claim("iss", ci.issuer()).kid(ci.signingKid()).sign();
        assertThat(refusal(forged)).isEqualTo("invalid_signature");
        assertThat(refusal(ci.github().audience(AUDIENCE).signWithEmbeddedKey())).as("jwk and jku headers are ignored")
                .isEqualTo("invalid_signature");
        assertThat(refusal("not.a.jwt")).isEqualTo("malformed");
        assertThat(refusal("")).isEqualTo("malformed");
        assertThat(refusal("e".repeat(IdTokens.MAX_LENGTH + 1))).isEqualTo("malformed");
    }

    @Test
    void a_token_from_an_untrusted_issuer_or_naming_a_trusted_one_inexactly_is_refused() {
        assertThat(refusal(stranger.github().audience(AUDIENCE).sign())).isEqualTo("untrusted_issuer");
        assertThat(refusal(ci.github().audience(AUDIENCE).claim("iss", ci.issuer() + "/").sign())).isEqualTo("untrusted_issuer");
        assertThat(refusal(ci.github().audience(AUDIENCE).claim("iss", ci.issuer().toUpperCase()).sign()))
                .isEqualTo("untrusted_issuer");
        assertThat(refusal(ci.github().audience(AUDIENCE).claim("iss", ci.issuer().replace("http:", "https:")).sign()))
                .isEqualTo("untrusted_issuer");
        assertThat(refusal(ci.github().audience(AUDIENCE).without("iss").sign())).isEqualTo("untrusted_issuer");
        assertThat(refusal(ci.github().audience(AUDIENCE).claim("iss", List.of(ci.issuer())).sign()))
                .isEqualTo("malformed");
        assertThat(stranger.discoveryFetches()).isZero();
    }

    @Test
    void an_issuer_deleted_by_an_administrator_is_no_longer_trusted() {
        TrustedIssuers trusted = new TrustedIssuers(db.database().oidcIssuers(), List.of(), true,
                new AuditLog(db.database().audit(), clock), clock);
        IdTokens stored = new IdTokens(trusted, db.database().seenIdTokens(), clock);
        User admin = new User(1, "admin", "a@example.com", true, clock.instant());
        Origin origin = new Origin("127.0.0.1", "test");
        assertThat(catchThrowableOfType(Refusal.class, () -> stored.verify(stranger.github().audience(AUDIENCE).sign(),
                AUDIENCE)).code()).isEqualTo("untrusted_issuer");

        trusted.add(admin, stranger.issuer(), origin);
        assertThat(stored.verify(stranger.github().audience(AUDIENCE).sign(), AUDIENCE).issuer()).isEqualTo(stranger.issuer());
        trusted.delete(admin, stranger.issuer() + "/", origin);

        assertThat(catchThrowableOfType(Refusal.class, () -> stored.verify(stranger.github().audience(AUDIENCE).sign(),
                AUDIENCE)).code()).isEqualTo("untrusted_issuer");
    }

    @Test
    void an_unknown_kid_reads_the_keys_again_at_most_once_a_minute() {
        tokens.verify(ci.github().audience(AUDIENCE).sign(), AUDIENCE);
        assertThat(ci.jwksFetches()).isEqualTo(1);
        tokens.verify(ci.github().audience(AUDIENCE).sign(), AUDIENCE);
        assertThat(ci.jwksFetches()).as("cached").isEqualTo(1);

        clock.advance(Duration.ofMinutes(2));
        ci.rotate(JWSAlgorithm.RS256);
        String rotated = ci.github().audience(AUDIENCE).sign();
        assertThat(tokens.verify(rotated, AUDIENCE)).isNotNull();
        assertThat(ci.jwksFetches()).as("read again for the new kid").isEqualTo(2);

        ci.rotate(JWSAlgorithm.ES256);
        String again = ci.github().audience(AUDIENCE).sign();
        for (int i = 0; i < 5; i++) {
            assertThat(refusal(again)).isEqualTo("invalid_signature");
            assertThat(refusal(ci.github().audience(AUDIENCE).kid("made-up-" + i).sign())).isEqualTo("invalid_signature");
        }
        assertThat(ci.jwksFetches()).as("not again within the minute").isEqualTo(2);

        clock.advance(Duration.ofSeconds(61));
        assertThat(tokens.verify(again, AUDIENCE)).isNotNull();
        assertThat(ci.jwksFetches()).isEqualTo(3);
    }

    @Test
    void a_retired_key_stops_verifying_once_the_keys_are_read_again() {
        String firstKid = ci.signingKid();
        tokens.verify(ci.github().audience(AUDIENCE).sign(), AUDIENCE);
        String oldKeyToken = ci.github().audience(AUDIENCE).sign();
        ci.rotate(JWSAlgorithm.RS256);
        ci.retire(firstKid);
        clock.advance(IssuerKeys.MAX_AGE.plusSeconds(1));
        String newKeyToken = ci.github().audience(AUDIENCE).sign();

        assertThat(tokens.verify(newKeyToken, AUDIENCE)).isNotNull();
        assertThat(refusal(oldKeyToken)).isEqualTo("invalid_signature");
    }

    @Test
    void an_issuer_that_is_down_does_not_stop_tokens_signed_with_cached_keys() {
        tokens.verify(ci.github().audience(AUDIENCE).sign(), AUDIENCE);
        ci.down(true);
        clock.advance(IssuerKeys.MAX_AGE.plusMinutes(5));
        assertThat(tokens.verify(ci.github().audience(AUDIENCE).sign(), AUDIENCE)).isNotNull();
        assertThat(ci.jwksFetches()).isEqualTo(1);
        assertThat(ci.discoveryFetches()).as("tried again, in vain").isEqualTo(2);
        assertThat(refusal(ci.github().audience(AUDIENCE).kid("unknown").sign())).isEqualTo("invalid_signature");
    }

    @Test
    void an_issuer_down_before_its_keys_were_ever_read_is_said_to_be_unavailable() {
        ci.down(true);
        Refusal refusal = refused(ci.github().audience(AUDIENCE).sign());
        assertThat(refusal.code()).isEqualTo("issuer_unavailable");
        assertThat(refusal.getMessage()).contains("503");
        ci.down(false);
        assertThat(refusal(ci.github().audience(AUDIENCE).sign())).as("within the minute").isEqualTo("issuer_unavailable");
        clock.advance(Duration.ofMinutes(1));
        assertThat(tokens.verify(ci.github().audience(AUDIENCE).sign(), AUDIENCE)).isNotNull();
    }

    @Test
    void a_discovery_document_pointing_the_keys_at_another_host_is_refused() {
        String elsewhere = ci.issuer().replace("127.0.0.1", "localhost") + "/.well-known/jwks";
        ci.discovery(document -> {
            document.put("jwks_uri", elsewhere);
            return document;
        });
        Refusal refusal = refused(ci.github().audience(AUDIENCE).sign());
        assertThat(refusal.code()).isEqualTo("issuer_unavailable");
        assertThat(refusal.getMessage()).contains("jwks_uri " + elsewhere + " is not on the issuer's host 127.0.0.1");
        assertThat(ci.jwksFetches()).isZero();
    }

    @Test
    void a_discovery_document_with_tricky_jwks_uris_is_refused() {
        for (String jwks : List.of("http://127.0.0.1@evil.example/jwks", "http://evil.example#@127.0.0.1/jwks",
                "http://127.0.0.1.evil.example/jwks", "file:///etc/passwd", "ftp://127.0.0.1/jwks")) {
            clock.advance(Duration.ofMinutes(2));
            ci.discovery(document -> {
                document.put("jwks_uri", jwks);
                return document;
            });
            assertThat(refusal(ci.github().audience(AUDIENCE).sign())).as(jwks).isEqualTo("issuer_unavailable");
        }
        assertThat(ci.jwksFetches()).isZero();
    }

    @Test
    void a_discovery_document_stating_another_issuer_is_refused() {
        ci.discovery(document -> {
            document.put("issuer", ci.issuer() + "/");
            return document;
        });
        Refusal refusal = refused(ci.github().audience(AUDIENCE).sign());
        assertThat(refusal.code()).isEqualTo("issuer_unavailable");
        assertThat(refusal.getMessage()).contains("states the issuer " + ci.issuer() + "/, not exactly " + ci.issuer());
    }

    @Test
    void an_oversize_key_set_or_discovery_document_is_refused() {
        ci.padJwks(70_000);
        assertThat(refused(ci.github().audience(AUDIENCE).sign()).getMessage()).contains("65536");
        ci.padJwks(0);
        clock.advance(Duration.ofMinutes(1));
        ci.discovery(document -> {
            document.put("padding", "x".repeat(70_000));
            return document;
        });
        assertThat(refused(ci.github().audience(AUDIENCE).sign()).getMessage()).contains("65536");
    }

    @Test
    void https_is_required_of_issuers_unless_http_is_allowed() {
        TrustedIssuers strict = new TrustedIssuers(db.database().oidcIssuers(), List.of(), false,
                new AuditLog(db.database().audit(), clock), clock);
        assertThat(strict.trusting(ci.issuer())).isEmpty();
        assertThatThrownBy(() -> new TrustedIssuers(db.database().oidcIssuers(),
                List.of(ci.issuer()), false, new AuditLog(db.database().audit(), clock), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--oidc-allow-http-issuers");
        IssuerUrl normalised = IssuerUrl.parse("HTTPS://Token.Example:443/", false);
        assertThat(normalised.value()).isEqualTo("https://token.example/");
        assertThat(normalised.key()).isEqualTo("https://token.example");
    }
}
