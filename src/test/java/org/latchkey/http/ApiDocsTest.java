package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;
import org.junit.jupiter.api.Test;

class ApiDocsTest {

    @Test
    void every_error_links_to_served_documentation_of_its_code() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            Response refused = server.get("/api/v1/user", "token nonsense");
            String docsUrl = refused.json().get("documentation_url").asText();

            assertThat(docsUrl).isEqualTo(server.baseUrl() + "/docs/api#bad_credentials");
            Response docs = server.get("/docs/api", null);
            assertThat(docs.status()).isEqualTo(200);
            assertThat(docs.header("Content-Type")).startsWith("text/markdown");
            for (String code : new String[] {"bad_credentials", "token_expired", "token_revoked", "insufficient_scope",
                    "rate_limited", "locked_out", "requires_authentication"}) {
                assertThat(docs.body()).contains("### " + code);
            }
            assertThat(docs.body()).contains("`GET /user/tokens/{id}/advice?days=30`", "### Least-privilege advice");
        }
    }
}
