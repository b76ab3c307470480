package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/**
 * A GitHub path sent to Latchkey (the guide's {@code curl …/user} with the host swapped): a 404
 * naming where it lives under {@code /api/v1}, never in place of a real route, a web page or git.
 */
class GitHubShapedPathsTest {

    private static TestServer server;
    private static String token;

    @BeforeAll
    static void start() {
        server = TestServer.start(Engine.H2);
        token = server.createToken(server.signInAdmin(), "{\"name\":\"curl\",\"scopes\":[\"repo\"]}").get("token").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void the_guides_curl_path_is_a_404_naming_the_latchkey_path() {
        Response answer = server.get("/user", "token " + token);

        JsonNode body = Refusals.assertErrorBody(answer);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(body.path("error").asText()).isEqualTo("not_found");
        assertThat(body.path("message").asText()).isEqualTo(
                "Not Found. Latchkey's API lives under /api/v1: use GET /api/v1/user (every route: /docs/api).");
        assertThat(server.get("/api/v1/user", "token " + token).status()).isEqualTo(200);
    }

    @Test
    void other_github_shaped_paths_name_theirs_whatever_the_method_case_or_enterprise_prefix() {
        assertThat(message(server.get("/user/repos", null))).contains("use GET /api/v1/user/repos ");
        assertThat(message(server.send("POST", "/user/repos", "token " + token, "{}"))).contains("use POST /api/v1/user/repos ");
        assertThat(message(server.get("/repos/admin/website/commits", "token " + token)))
                .contains("use GET /api/v1/repos/admin/website/commits ");
        assertThat(message(server.get("/api/v3/user", "token " + token))).contains("use GET /api/v1/user ");
        assertThat(message(server.get("/API/V3/User/Repos", null))).contains("use GET /api/v1/user/Repos ");
        assertThat(message(server.get("/api/v3", null))).contains("under /api/v1, not /api/v3");
        assertThat(message(server.get("/api/v3/emojis", null))).contains("under /api/v1, not /api/v3");
        assertThat(message(server.get("/users/admin", null))).contains("use GET /api/v1/users/admin ");
        assertThat(message(server.send("POST", "/graphql", "token " + token, "{}"))).contains("no GraphQL API");
        assertThat(message(server.get("/orgs/acme/repos", "token " + token))).contains("use GET /api/v1/orgs/acme/repos ");
    }

    @Test
    void a_path_that_holds_a_token_or_anything_unusual_is_not_repeated() {
        String secret = "lkp_" + "a".repeat(36);
        List<String> paths = List.of("/user/" + secret, "/repos/" + secret.toUpperCase(), "/user/%3Cscript%3E",
                "/repos/" + "x/".repeat(120), "/user/a%0d%0aSet-Cookie:%20x");
        for (String path : paths) {
            String message = message(server.get(path, null));
            assertThat(message).as(path).isEqualTo("Not Found. Latchkey's API lives under /api/v1: put /api/v1 in front of"
                    + " GitHub's path (every route: /docs/api).");
        }
    }

    @Test
    void other_missing_paths_answer_as_before() {
        for (String path : List.of("/nothing-here", "/api/v1/no/such/route", "/api/v2/user", "/userx", "/npm/-/nothing/here")) {
            Response answer = server.get(path, "token " + token);
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.body()).as(path).doesNotContain("/api/v1:");
        }
        Response page = server.get("/orgs/acme/nothing", null);
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.header("Content-Type")).startsWith("text/html");
    }

    @Test
    void real_routes_web_pages_npm_and_git_under_github_like_names_are_not_shadowed() {
        String admin = server.signInAdmin();
        for (String login : List.of("user", "repos")) {
            Response created = server.send("POST", "/api/v1/admin/users", "token " + admin,
                    "{\"username\":\"" + login + "\",\"password\":\"" + login + " has a long password\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String session = server.signIn(login, login + " has a long password");
            String repoToken = server.createToken(session, "{\"name\":\"git\",\"scopes\":[\"repo\"]}").get("token").asText();
            assertThat(server.send("POST", "/api/v1/user/repos", "token " + repoToken, "{\"name\":\"site\",\"private\":true}")
                    .status()).isEqualTo(201);
            String basic = "Basic " + Base64.getEncoder().encodeToString(("x:" + repoToken).getBytes(StandardCharsets.UTF_8));

            Response refs = server.get("/" + login + "/site.git/info/refs?service=git-upload-pack", basic);

            assertThat(refs.status()).as(login + ": " + refs.body()).isEqualTo(200);
            assertThat(refs.header("Content-Type")).isEqualTo("application/x-git-upload-pack-advertisement");
        }
        assertThat(server.get("/npm/-/whoami", "Bearer " + token).status()).isEqualTo(200);
        assertThat(server.get("/login", null).status()).isEqualTo(200);
        assertThat(server.get("/orgs", null).status()).isIn(302, 303);
        assertThat(server.get("/docs/api", null).status()).isEqualTo(200);
    }

    private static String message(Response answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(404);
        return Refusals.assertErrorBody(answer).path("message").asText();
    }
}
