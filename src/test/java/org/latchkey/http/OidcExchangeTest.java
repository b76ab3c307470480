package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.oidc.FakeCiProvider;
import org.latchkey.store.TestDatabases.Engine;

/**
 * {@code POST /api/v1/oidc/token}: a CI job's ID token, as JSON or an RFC 8693 form, becomes a job
 * token for what the owner's policy grants; every attack on the ID token is refused naming only the
 * failed check and a request id, and the refusal of a near miss reads as that of a total miss.
 */
public class OidcExchangeTest {

    @RegisterExtension
    final FakeCiProvider ci = new FakeCiProvider();

    public static TestServer server(Engine engine, FakeCiProvider ci) {
        TestServer server = TestServer.start(engine, settings -> settings.withOidc(List.of(ci.issuer()), true, null));
        ci.clock(server.clock());
        return server;
    }

    /** acme's policy for acme/app's jobs on main (GitHub's shape), and admin's for GitLab's group/proj. */
    public static String policies(TestServer server, FakeCiProvider ci) {
        String admin = server.signInAdmin();
        server.send("POST", "/api/v1/orgs", "token " + admin, "{\"login\":\"acme\"}");
        server.send("POST", "/api/v1/orgs/acme/repos", "token " + admin, "{\"name\":\"app\",\"private\":true}");
        server.send("POST", "/api/v1/orgs/acme/repos", "token " + admin, "{\"name\":\"other\",\"private\":true}");
        server.send("POST", "/api/v1/user/repos", "token " + admin, "{\"name\":\"site\",\"private\":true}");
        Response github = server.send("POST", "/api/v1/orgs/acme/trust-policies", "token " + admin, "{\"name\":\"release\","
                + "\"issuer\":\"" + ci.issuer() + "\",\"claims\":{\"repository\":\"acme/app\",\"repository_owner_id\":\""
                + FakeCiProvider.GITHUB_OWNER_ID + "\",\"ref\":\"refs/heads/*\"},\"repositories\":[\"app\"],"
                + "\"packages\":[\"@acme/app\"],\"permissions\":{\"contents\":\"write\",\"packages\":\"write\"}}");
        assertThat(github.status()).as(github.body()).isEqualTo(201);
        Response gitlab = server.send("POST", "/api/v1/user/trust-policies", "token " + admin, "{\"name\":\"deploy\","
                + "\"issuer\":\"" + ci.issuer() + "\",\"claims\":{\"project_path\":\"" + FakeCiProvider.GITLAB_PROJECT
                + "\",\"namespace_id\":\"" + FakeCiProvider.GITLAB_NAMESPACE_ID + "\"},\"repositories\":[\"site\"],"
                + "\"permissions\":{\"contents\":\"read\"},\"lifetime_minutes\":5}");
        assertThat(gitlab.status()).as(gitlab.body()).isEqualTo(201);
        Response generic = server.send("POST", "/api/v1/user/trust-policies", "token " + admin, "{\"name\":\"pipeline\","
                + "\"issuer\":\"" + ci.issuer() + "\",\"claims\":{\"sub\":\"pipeline:deploy\"},\"repositories\":[\"site\"],"
                + "\"permissions\":{\"contents\":\"write\"}}");
        assertThat(generic.status()).as(generic.body()).isEqualTo(201);
        return admin;
    }

    public static String audience(TestServer server) {
        return server.get("/api/v1/oidc/audience", null).json().get("audience").asText();
    }

    static Response exchange(TestServer server, String jwt) {
        return server.send("POST", "/api/v1/oidc/token", null, "{\"token\":\"" + jwt + "\"}");
    }

    static Response form(TestServer server, Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return server.client().send("POST", "/api/v1/oidc/token",
                Map.of("Content-Type", "application/x-www-form-urlencoded"),
                HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_job_exchanges_its_id_token_for_a_job_token_reaching_only_its_grant_for_its_lifetime(Engine engine) throws Exception {
        try (TestServer server = server(engine, ci)) {
            String admin = policies(server, ci);
            String audience = audience(server);

            Response json = exchange(server, ci.github().audience(audience).sign());
            assertThat(json.status()).as(json.body()).isEqualTo(201);
            JsonNode granted = json.json();
            String job = granted.get("token").asText();
            assertThat(job).startsWith("lkj_");
            assertThat(granted.get("owner").asText()).isEqualTo("acme");
            assertThat(granted.get("repositories").toString()).isEqualTo("[\"app\"]");
            assertThat(granted.get("packages").toString()).isEqualTo("[\"@acme/app\"]");
            assertThat(granted.get("permissions").toString()).contains("\"contents\":\"write\"", "\"packages\":\"write\"");
            assertThat(granted.get("expires_at").asText()).isNotEmpty();
            assertThat(json.header("Cache-Control")).isEqualTo("no-store");

            Response rfc8693 = form(server, Map.of("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                    "subject_token", ci.gitlab().audience(audience).sign(),
                    "subject_token_type", "urn:ietf:params:oauth:token-type:jwt"));
            assertThat(rfc8693.status()).as(rfc8693.body()).isEqualTo(201);
            assertThat(rfc8693.json().get("owner").asText()).isEqualTo("admin");
            assertThat(rfc8693.json().get("access_token").asText()).isEqualTo(rfc8693.json().get("token").asText());
            assertThat(rfc8693.json().get("issued_token_type").asText()).isEqualTo("urn:ietf:params:oauth:token-type:access_token");
            assertThat(rfc8693.json().get("expires_in").asLong()).isBetween(299L, 300L);

            Response other = exchange(server, ci.generic().audience(audience).sign());
            assertThat(other.status()).as(other.body()).isEqualTo(201);
            assertThat(other.json().get("owner").asText()).isEqualTo("admin");
            assertThat(other.json().get("permissions").toString()).contains("\"contents\":\"write\"");

            assertThat(server.get("/api/v1/repos/acme/app", "token " + job).status()).isEqualTo(200);
            assertThat(server.get("/api/v1/repos/acme/other", "token " + job).status()).isIn(403, 404);
            assertThat(server.get("/api/v1/repos/admin/site", "token " + job).status()).isIn(403, 404);
            Response create = server.send("POST", "/api/v1/user/tokens", "token " + job,
                    "{\"name\":\"escape\",\"scopes\":[\"repo\"]}");
            assertThat(create.status()).isEqualTo(403);
            assertThat(create.json().get("error").asText()).isEqualTo("job_token_forbidden");
            Response rotate = server.send("POST", "/api/v1/tokens/self/rotate", "token " + job, "{}");
            assertThat(rotate.status()).as(rotate.body()).isEqualTo(403);
            assertThat(server.get("/api/v1/orgs/acme/audit-log", "token " + admin).body())
                    .contains("job_token.issued", "release.yml");

            server.clock().advance(Duration.ofMinutes(16));
            Response late = server.get("/api/v1/repos/acme/app", "token " + job);
            assertThat(late.status()).isEqualTo(401);
            assertThat(late.json().get("error").asText()).isEqualTo("token_expired");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void every_attack_on_the_id_token_is_refused_naming_only_the_failed_check(Engine engine) throws Exception {
        try (TestServer server = server(engine, ci)) {
            String admin = policies(server, ci);
            String audience = audience(server);

            refused(server, ci.github().audience("https://other.example").sign(), 401, "audience");
            refused(server, ci.github().audience(List.of(audience, "https://other.example")).sign(), 401, "audience");
            refused(server, ci.github().audience(audience).unsigned(), 401, "invalid_signature");
            refused(server, ci.github().audience(audience).signHs256WithPublicKey(), 401, "invalid_signature");
            refused(server, ci.github().audience(audience).signWithEmbeddedKey(), 401, "invalid_signature");
            refused(server, ci.github().audience(audience).claim("iss", "https://token.actions.githubusercontent.com").sign(),
                    401, "untrusted_issuer");
            refused(server, ci.github().audience(audience).issuedAt(server.clock().instant().plusSeconds(120)).sign(),
                    401, "not_yet_valid");
            refused(server, ci.github().audience(audience).notBefore(server.clock().instant().plusSeconds(120)).sign(),
                    401, "not_yet_valid");
            refused(server, "not.a.jwt", 401, "malformed");

            String late = ci.github().audience(audience).sign();
            server.clock().advance(Duration.ofMinutes(7));
            refused(server, late, 401, "expired");

            String once = ci.github().audience(audience).sign();
            assertThat(exchange(server, once).status()).isEqualTo(201);
            refused(server, once, 401, "replayed");

            ci.rotate(JWSAlgorithm.ES256);
            assertThat(exchange(server, ci.github().audience(audience).sign()).status()).isEqualTo(201);

            String resurrection = refused(server, ci.github().audience(audience).claim("repository_owner_id", "9999").sign(),
                    403, "no_matching_policy");
            String stranger = refused(server, ci.github().audience(audience).claim("repository", "mallory/app")
                    .claim("repository_owner_id", "666").sign(), 403, "no_matching_policy");
            String nearId = id(resurrection);
            assertThat(resurrection.replace(nearId, "ID")).isEqualTo(stranger.replace(id(stranger), "ID"));
            assertThat(resurrection).doesNotContain("release", "repository_owner_id", "acme", "1001", "9999");
            String log = server.get("/api/v1/orgs/acme/audit-log", "token " + admin).body();
            assertThat(log).contains("trust_policy.no_match", nearId, "repository_owner_id");

            Response wrongOwner = server.send("POST", "/api/v1/oidc/token", null,
                    "{\"token\":\"" + ci.github().audience(audience).sign() + "\",\"owner\":\"admin\"}");
            assertThat(wrongOwner.status()).isEqualTo(403);
            assertThat(wrongOwner.json().get("error").asText()).isEqualTo("no_matching_policy");
        }
    }

    @Test
    void an_issuer_whose_discovery_points_its_keys_at_another_host_is_refused() {
        try (TestServer server = server(Engine.H2, ci)) {
            policies(server, ci);
            ci.discovery(document -> {
                Map<String, Object> changed = new java.util.LinkedHashMap<>(document);
                changed.put("jwks_uri", ci.issuer().replace("127.0.0.1", "localhost") + "/.well-known/jwks");
                return changed;
            });
            refused(server, ci.github().audience(audience(server)).sign(), 401, "issuer_unavailable");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void bad_requests_are_refused_and_one_address_is_throttled() {
        try (TestServer server = server(Engine.H2, ci)) {
            Response grant = form(server, Map.of("grant_type", "client_credentials", "subject_token", "x",
                    "subject_token_type", "urn:ietf:params:oauth:token-type:jwt"));
            assertThat(grant.status()).isEqualTo(400);
            assertThat(grant.json().get("error").asText()).isEqualTo("unsupported_grant_type");
            Response type = form(server, Map.of("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                    "subject_token", "x", "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"));
            assertThat(type.json().get("error").asText()).isEqualTo("invalid_request");
            assertThat(server.send("POST", "/api/v1/oidc/token", null, "{}").status()).isEqualTo(400);
            for (String contentType : List.of("application/json; charset=\u00e9", "application/x-www-form-urlencoded; charset=nope!",
                    "application/x-www-form-urlencoded; charset=x-unknown")) {
                Response unreadable = server.client().send("POST", "/api/v1/oidc/token", Map.of("Content-Type", contentType),
                        HttpRequest.BodyPublishers.ofString("grant_type=x"));
                assertThat(unreadable.status()).as(contentType + ": " + unreadable.body()).isEqualTo(400);
            }
            assertThat(server.send("POST", "/api/v1/oidc/token", null, "{\"token\":\"x\",\"extra\":1}").status())
                    .isIn(400, 422);
            int status = 0;
            for (int i = 0; i < 61 && status != 429; i++) {
                status = exchange(server, "not.a.jwt").status();
            }
            assertThat(status).isEqualTo(429);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String refused(TestServer server, String jwt, int status, String code) {
        Response answer = exchange(server, jwt);
        assertThat(answer.status()).as(code + ": " + answer.body()).isEqualTo(status);
        JsonNode body = answer.json();
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("request_id").asText()).matches("[0-9a-f]{18}");
        assertThat(body.get("message").asText()).contains(body.get("request_id").asText());
        return answer.body();
    }

    private static String id(String body) {
        return body.replaceAll(".*\"request_id\":\"([0-9a-f]+)\".*", "$1");
    }
}
