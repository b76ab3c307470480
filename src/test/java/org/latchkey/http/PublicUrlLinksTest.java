package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Behind a proxy the server is told its public address, and every absolute link it writes uses
 * that address, not the one the request reached (here 127.0.0.1 and a free port).
 */
class PublicUrlLinksTest {

    private static final String PUBLIC = "https://latchkey.example.com";

    private final TestServer server = TestServer.start(Engine.H2, s -> s.withPublicUrl(PUBLIC + "/"));
    private final String session = server.signInAdmin();

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void errorDocumentation_nextPages_andCloneUrls_pointAtThePublicUrl() {
        Response refused = server.get("/api/v1/user", null);
        Response page = server.get("/api/v1/user/audit-log?per_page=1", "token " + session);
        Response repo = server.send("POST", "/api/v1/user/repos", "token " + session, "{\"name\":\"site\"}");

        assertThat(refused.json().path("documentation_url").asText())
                .isEqualTo(PUBLIC + "/docs/api#requires_authentication");
        assertThat(page.header("Link")).startsWith("<" + PUBLIC + "/api/v1/user/audit-log?per_page=1&before=")
                .endsWith(">; rel=\"next\"");
        assertThat(repo.status()).as(repo.body()).isEqualTo(201);
        assertThat(repo.json().path("clone_url").asText()).isEqualTo(PUBLIC + "/admin/site.git");
        assertThat(server.client().sendRaw(org.latchkey.ApiClient.head("GET /api/v1/user%00 HTTP/1.1"), null).json()
                .path("documentation_url").asText()).isEqualTo(PUBLIC + "/docs/api#bad_request");
    }

    @Test
    void withoutAPublicUrl_linksFollowTheAddressTheRequestReached() throws Exception {
        try (TestServer plain = TestServer.start(Engine.H2)) {
            assertThat(plain.get("/api/v1/user", null).json().path("documentation_url").asText())
                    .isEqualTo(plain.baseUrl() + "/docs/api#requires_authentication");
        }
    }
}
