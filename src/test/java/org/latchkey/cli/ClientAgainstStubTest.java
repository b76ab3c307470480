package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the CLI sends and how it reports answers, against a stub that answers as told. */
class ClientAgainstStubTest {

    private static final String TOKEN = "lkp_abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String SESSION = "lks_sessionsecretsessionsecret0123456789";

    @TempDir
    Path temp;

    private StubServer stub;
    private CliRunner cli;

    @BeforeEach
    void start() throws IOException {
        stub = new StubServer();
        cli = new CliRunner(temp).env("LATCHKEY_SERVER", stub.url());
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @ParameterizedTest
    @CsvSource({"400,6", "401,3", "403,4", "404,5", "409,6", "422,6", "429,7", "500,1"})
    void a_refusal_is_the_servers_message_on_one_line_with_its_exit_code(int status, int exitCode) {
        stub.answer(status, "{\"message\":\"Nope, because.\",\"error\":\"x\",\"documentation_url\":\"https://d\"}");

        CliRunner.Result result = cli.env("LATCHKEY_TOKEN", TOKEN).run("repo", "show", "ada/app");

        assertThat(result.exitCode()).isEqualTo(exitCode);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).hasLineCount(1).startsWith("Nope, because.");
    }

    @Test
    void an_answer_without_json_names_the_status() {
        stub.answer(502, "<html>Bad Gateway</html>");

        CliRunner.Result result = cli.env("LATCHKEY_TOKEN", TOKEN).run("whoami");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("the server answered HTTP 502\n");
    }

    @Test
    void latchkey_token_is_sent_as_a_token_authorization_to_latchkey_server() {
        stub.answer(200, "[]");

        CliRunner.Result result = cli.env("LATCHKEY_TOKEN", TOKEN).run("repo", "list");

        assertThat(result.exitCode()).isZero();
        assertThat(stub.requests()).containsExactly(
                new StubServer.Request("GET", "/api/v1/user/repos", "token " + TOKEN, ""));
    }

    @Test
    void token_management_sends_the_stored_session_even_when_latchkey_token_is_set() throws IOException {
        new ConfigStore(cli.configDir()).save(new CliConfig(stub.url(), "ada", SESSION));
        stub.answer(200, "[]");
        cli.env("LATCHKEY_TOKEN", TOKEN);

        CliRunner.Result list = cli.run("token", "list");
        CliRunner.Result repos = cli.run("repo", "list");

        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(repos.exitCode()).as(repos.err()).isZero();
        assertThat(stub.requests()).extracting(StubServer.Request::authorization)
                .containsExactly("token " + SESSION, "token " + TOKEN);
    }

    @Test
    void token_management_with_only_latchkey_token_asks_for_a_session_and_sends_nothing() {
        CliRunner.Result result = cli.env("LATCHKEY_TOKEN", TOKEN).run("token", "list");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("this command needs a signed-in session: run latchkey login"
                + " (a personal access token cannot manage tokens)\n");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void a_refused_token_says_where_it_came_from_but_not_what_it_is() {
        stub.answer(401, "{\"message\":\"Bad credentials\"}");

        CliRunner.Result result = cli.env("LATCHKEY_TOKEN", TOKEN).run("whoami");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("Bad credentials (token from LATCHKEY_TOKEN)\n");
    }

    @Test
    void without_credentials_nothing_is_sent_and_login_is_suggested() {
        CliRunner.Result result = cli.run("token", "list");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).hasLineCount(1).contains("not logged in to " + stub.url()).contains("run latchkey login");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void login_sends_the_password_from_stdin_and_stores_the_session_without_printing_it() {
        stub.answer(201, "{\"token\":\"lks_sessionsecretsessionsecret0123456789\",\"expires_at\":\"2030-01-02T03:04:05Z\"}");

        CliRunner.Result result = cli.runWithStdin("correct horse\n", "login", "--user", "ada", "--password-stdin");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("Logged in to " + stub.url() + " as ada (session expires 2030-01-02 03:04 UTC).\n");
        assertThat(result.out() + result.err()).doesNotContain("lks_session");
        assertThat(stub.requests().get(0).path()).isEqualTo("/api/v1/session");
        assertThat(stub.requests().get(0).body()).isEqualTo("{\"username\":\"ada\",\"password\":\"correct horse\"}");
        assertThat(new ConfigStore(cli.configDir()).load())
                .isEqualTo(new CliConfig(stub.url(), "ada", "lks_sessionsecretsessionsecret0123456789"));
    }

    @Test
    void the_stored_session_is_never_sent_to_another_server() throws IOException {
        new ConfigStore(cli.configDir()).save(new CliConfig(stub.url(), "ada", "lks_stored"));
        try (StubServer other = new StubServer()) {
            CliRunner.Result result = cli.run("whoami", "--server", other.url());

            assertThat(result.exitCode()).isEqualTo(3);
            assertThat(other.requests()).isEmpty();
        }
    }

    @Test
    void an_unreachable_server_is_named() throws IOException {
        String url;
        try (StubServer gone = new StubServer()) {
            url = gone.url();
        }

        CliRunner.Result result = cli.env("LATCHKEY_TOKEN", TOKEN).run("whoami", "--server", url);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("cannot reach the Latchkey server at " + url + ": connection refused\n");
    }

    @Test
    void logout_forgets_the_session_even_when_the_server_is_unreachable_and_says_so() throws IOException {
        String url;
        try (StubServer gone = new StubServer()) {
            url = gone.url();
        }
        ConfigStore store = new ConfigStore(cli.configDir());
        store.save(new CliConfig(url, "ada", "lks_stored"));

        CliRunner.Result result = cli.run("logout");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).hasLineCount(1).startsWith("removed the session locally, but could not end it on the server");
        assertThat(store.load()).isEqualTo(new CliConfig(url, "ada", null));
    }

    @Test
    void token_create_sends_name_scopes_and_expiry_and_shows_the_secret_once_with_the_warning() throws IOException {
        stub.answer(201, """
                {"id":12,"name":"deploy","description":null,"type":"classic","scopes":["repo","workflow"],
                 "expires_at":"2027-01-31T00:00:00Z","created_at":"2026-01-01T10:00:00Z","token":"%s"}""".formatted(TOKEN));

        new ConfigStore(cli.configDir()).save(new CliConfig(stub.url(), "ada", SESSION));

        CliRunner.Result result = cli.run("token", "create", "--name", "deploy", "--scopes", "repo, workflow", "--expires", "2027-01-31");

        assertThat(result.exitCode()).isZero();
        assertThat(stub.requests().get(0).body())
                .isEqualTo("{\"name\":\"deploy\",\"scopes\":[\"repo\",\"workflow\"],\"expires_at\":\"2027-01-31T00:00:00Z\"}");
        assertThat(result.out()).startsWith(TokenView.COPY_WARNING + "\n\n" + TOKEN + "\n\n")
                .contains("Scopes:   repo, workflow").contains("Expires:  2027-01-31 00:00 UTC");
    }

    @Test
    void token_rotate_prints_only_the_new_secret() {
        stub.answer(201, "{\"id\":13,\"token\":\"lkp_newnewnewnewnewnewnewnewnewnew012345\"}");

        CliRunner.Result result = cli.env("LATCHKEY_TOKEN", TOKEN).run("token", "rotate");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("lkp_newnewnewnewnewnewnewnewnewnew012345\n");
        assertThat(stub.requests().get(0).path()).isEqualTo("/api/v1/tokens/self/rotate");
        assertThat(stub.requests().get(0).authorization()).isEqualTo("token " + TOKEN);
    }

    @Test
    void whoami_shows_the_scopes_and_expiry_headers() {
        stub.answer(200, "{\"login\":\"ada\",\"id\":1,\"email\":\"ada@example.com\",\"created_at\":\"2026-01-01T00:00:00Z\"}",
                Map.of("X-OAuth-Scopes", "repo, workflow", "Latchkey-Authentication-Token-Expiration", "2027-01-31 00:00:00 UTC"));

        CliRunner.Result result = cli.env("LATCHKEY_TOKEN", TOKEN).run("whoami");

        assertThat(result.out()).contains("Login:          ada").contains("Token scopes:   repo, workflow")
                .contains("Token expires:  2027-01-31 00:00:00 UTC");
    }

    @Test
    void json_prints_the_servers_json() throws IOException {
        new ConfigStore(cli.configDir()).save(new CliConfig(stub.url(), "ada", SESSION));
        stub.answer(200, "[{\"id\":1,\"name\":\"ci\"}]");

        CliRunner.Result result = cli.run("token", "list", "--all", "--json");

        assertThat(result.out().replaceAll("\\s", "")).isEqualTo("[{\"id\":1,\"name\":\"ci\"}]");
        assertThat(stub.requests().get(0).path()).isEqualTo("/api/v1/user/tokens");
    }
}
