package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.oidc.FakeCiProvider;
import org.latchkey.store.TestDatabases.Engine;

/**
 * The trusted OIDC issuers, which each node keeps in memory, and the trust policies: an issuer
 * deleted (or added) through node A, and a policy deleted through A, hold on node B as soon as the
 * call returns, by the clock that never moves (not 30 s later); on one H2 node as before.
 */
class TrustedIssuerClusterTest {

    private static final String ISSUERS = "/api/v1/admin/oidc-issuers";

    @RegisterExtension
    final FakeCiProvider ci = new FakeCiProvider();

    @Test
    void an_issuer_deleted_through_one_node_mints_no_job_token_on_the_other_once_the_call_returned() throws Exception {
        try (TestServer a = start(Engine.POSTGRESQL); TestServer b = a.startPeer(TrustedIssuerClusterTest::trustingNone)) {
            String admin = a.signInAdmin();
            String audience = OidcExchangeTest.audience(b);
            refused(b, ci.github().audience(audience).sign(), "untrusted_issuer");

            assertThat(a.send("POST", ISSUERS, "token " + admin, "{\"issuer\":\"" + ci.issuer() + "\"}").status())
                    .isEqualTo(201);
            policy(a, admin);
            assertThat(b.get("/ready", null).status()).as("B holds its lease, so it keeps the issuers in memory")
                    .isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                Response minted = OidcExchangeTest.exchange(b, ci.github().audience(audience).sign());
                assertThat(minted.status()).as("added on A, trusted on B at once: " + minted.body()).isEqualTo(201);
            }

            assertThat(a.send("DELETE", ISSUERS + "/" + URLEncoder.encode(ci.issuer(), StandardCharsets.UTF_8),
                    "token " + admin, null).status()).isEqualTo(204);
            refused(b, ci.github().audience(audience).sign(), "untrusted_issuer");
            refused(a, ci.github().audience(audience).sign(), "untrusted_issuer");
        }
    }

    @Test
    void a_trust_policy_deleted_through_one_node_matches_no_job_on_the_other_once_the_call_returned() throws Exception {
        try (TestServer a = start(Engine.POSTGRESQL); TestServer b = a.startPeer(TrustedIssuerClusterTest::trustingNone)) {
            String admin = a.signInAdmin();
            String audience = OidcExchangeTest.audience(b);
            a.send("POST", ISSUERS, "token " + admin, "{\"issuer\":\"" + ci.issuer() + "\"}");
            long policy = policy(a, admin);
            assertThat(OidcExchangeTest.exchange(b, ci.github().audience(audience).sign()).status()).isEqualTo(201);

            assertThat(a.send("DELETE", "/api/v1/orgs/acme/trust-policies/" + policy, "token " + admin, null).status())
                    .isEqualTo(204);
            Response refused = OidcExchangeTest.exchange(b, ci.github().audience(audience).sign());
            assertThat(refused.status()).as(refused.body()).isEqualTo(403);
            assertThat(refused.json().get("error").asText()).isNotEqualTo("untrusted_issuer");
        }
    }

    @Test
    void on_one_h2_node_an_issuer_is_trusted_once_added_and_refused_once_deleted() throws Exception {
        try (TestServer server = start(Engine.H2)) {
            String admin = server.signInAdmin();
            String audience = OidcExchangeTest.audience(server);
            refused(server, ci.github().audience(audience).sign(), "untrusted_issuer");
            server.send("POST", ISSUERS, "token " + admin, "{\"issuer\":\"" + ci.issuer() + "\"}");
            policy(server, admin);
            assertThat(OidcExchangeTest.exchange(server, ci.github().audience(audience).sign()).status()).isEqualTo(201);
            assertThat(OidcExchangeTest.exchange(server, ci.github().audience(audience).sign()).status()).isEqualTo(201);

            assertThat(server.send("DELETE", ISSUERS + "/" + URLEncoder.encode(ci.issuer(), StandardCharsets.UTF_8),
                    "token " + admin, null).status()).isEqualTo(204);
            refused(server, ci.github().audience(audience).sign(), "untrusted_issuer");
        }
    }

    private TestServer start(Engine engine) {
        TestServer server = TestServer.start(engine, TrustedIssuerClusterTest::trustingNone);
        ci.clock(server.clock());
        return server;
    }

    /** No issuer on the command line, so the API's may be deleted; the fake provider serves plain http. */
    private static org.latchkey.Settings trustingNone(org.latchkey.Settings settings) {
        return settings.withOidc(List.of(), true, null);
    }

    /** acme's policy for acme/app's jobs (GitHub's shape); answers its id. */
    private long policy(TestServer server, String admin) {
        server.send("POST", "/api/v1/orgs", "token " + admin, "{\"login\":\"acme\"}");
        server.send("POST", "/api/v1/orgs/acme/repos", "token " + admin, "{\"name\":\"app\",\"private\":true}");
        Response created = server.send("POST", "/api/v1/orgs/acme/trust-policies", "token " + admin, "{\"name\":\"release\","
                + "\"issuer\":\"" + ci.issuer() + "\",\"claims\":{\"repository\":\"acme/app\",\"repository_owner_id\":\""
                + FakeCiProvider.GITHUB_OWNER_ID + "\"},\"repositories\":[\"app\"],"
                + "\"permissions\":{\"contents\":\"read\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private static void refused(TestServer server, String jwt, String code) {
        Response answer = OidcExchangeTest.exchange(server, jwt);
        assertThat(answer.status()).as(answer.body()).isEqualTo(401);
        assertThat(answer.json().get("error").asText()).isEqualTo(code);
    }
}
