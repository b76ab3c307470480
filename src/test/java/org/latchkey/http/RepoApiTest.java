package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Repositories over the REST API: scopes, visibility, names and deletion. */
class RepoApiTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void create_list_show_and_delete_with_the_scopes_github_asks_for(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            String repo = server.createToken(session, "{\"name\":\"r\",\"scopes\":[\"repo\"]}").get("token").asText();
            String publicOnly = server.createToken(session, "{\"name\":\"p\",\"scopes\":[\"public_repo\"]}").get("token").asText();
            String deleter = server.createToken(session, "{\"name\":\"d\",\"scopes\":[\"delete_repo\"]}").get("token").asText();

            Response created = server.send("POST", "/api/v1/user/repos", "token " + repo,
                    "{\"name\":\"website\",\"private\":true,\"description\":\"Our site\"}");
            Response privateWithPublicRepo = server.send("POST", "/api/v1/user/repos", "token " + publicOnly,
                    "{\"name\":\"hidden\",\"private\":true}");
            Response publicWithPublicRepo = server.send("POST", "/api/v1/user/repos", "token " + publicOnly,
                    "{\"name\":\"docs\",\"private\":false}");

            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().get("clone_url").asText()).isEqualTo(server.baseUrl() + "/admin/website.git");
            assertThat(created.json().get("full_name").asText()).isEqualTo("admin/website");
            assertThat(created.json().get("private").asBoolean()).isTrue();
            assertThat(privateWithPublicRepo.status()).isEqualTo(403);
            assertThat(publicWithPublicRepo.status()).isEqualTo(201);
            assertThat(server.get("/api/v1/user/repos", "token " + repo).json()).hasSize(2);
            assertThat(server.get("/api/v1/user/repos", "token " + publicOnly).json()).hasSize(1);
            Response hidden = server.get("/api/v1/repos/admin/website", "token " + publicOnly);
            assertThat(hidden.status()).isEqualTo(403);
            assertThat(hidden.json().get("message").asText()).contains("lacks the 'repo' scope");
            assertThat(hidden.header("X-Accepted-OAuth-Scopes")).isEqualTo("repo");
            assertThat(server.get("/api/v1/repos/admin/website.git", "token " + repo).status()).isEqualTo(200);

            assertThat(server.send("DELETE", "/api/v1/repos/admin/docs", "token " + repo, null).status()).isEqualTo(403);
            assertThat(server.send("DELETE", "/api/v1/repos/admin/docs", "token " + deleter, null).status()).isEqualTo(204);
            assertThat(server.get("/api/v1/repos/admin/docs", "token " + repo).status()).isEqualTo(404);
            assertThat(server.send("DELETE", "/api/v1/repos/admin/website", "token " + deleter, null).status())
                    .as("delete_repo alone deletes a private repository").isEqualTo(204);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "a/b", "..%2Fetc", "x.git", ".hidden", "objects", "with space", "tab\\there", ""})
    void unsafe_or_reserved_names_are_refused_with_422(String name) throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = server.signInAdmin();

            Response refused = server.send("POST", "/api/v1/user/repos", "token " + session,
                    "{\"name\":\"" + name + "\",\"private\":true}");

            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.json().get("field").asText()).isEqualTo("name");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_name_is_unique_per_owner_regardless_of_case(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            server.send("POST", "/api/v1/user/repos", "token " + session, "{\"name\":\"App\"}");

            Response again = server.send("POST", "/api/v1/user/repos", "token " + session, "{\"name\":\"app\"}");

            assertThat(again.status()).isEqualTo(422);
            assertThat(again.json().get("error").asText()).isEqualTo("already_exists");
        }
    }
}
