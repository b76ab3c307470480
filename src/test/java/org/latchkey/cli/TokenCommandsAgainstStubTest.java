package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Fine-grained token create, check and advise: what they send, how they show answers, and usage errors. */
class TokenCommandsAgainstStubTest {

    private static final String TOKEN = "lkf_abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String SESSION = "lks_sessionsecretsessionsecret0123456789";

    @TempDir
    Path temp;

    private StubServer stub;
    private CliRunner cli;

    @BeforeEach
    void start() throws IOException {
        stub = new StubServer();
        cli = new CliRunner(temp).env("LATCHKEY_SERVER", stub.url());
        new ConfigStore(cli.configDir()).save(new CliConfig(stub.url(), "ada", SESSION));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void fine_grained_create_sends_type_resources_permissions_and_expiry() {
        stub.answer(201, """
                {"id":7,"name":"ci","type":"fine_grained","scopes":[],"permissions":{"contents":"write","metadata":"read"},
                 "resources":[{"owner":"acme","repositories":["api","web"],"approval":"pending"}],
                 "expires_at":"2027-01-31T00:00:00Z","token":"%s"}""".formatted(TOKEN));

        CliRunner.Result result = cli.run("token", "create", "--name", "ci", "--type", "fine-grained",
                "--resource", "acme:api", "--resource", "acme:web", "--permission", "contents=write", "--expires", "2027-01-31");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(stub.requests().get(0).body()).isEqualTo("{\"name\":\"ci\",\"type\":\"fine_grained\","
                + "\"resources\":[{\"owner\":\"acme\",\"repositories\":[\"api\",\"web\"]}],"
                + "\"permissions\":{\"contents\":\"write\"},\"expires_at\":\"2027-01-31T00:00:00Z\"}");
        assertThat(result.out()).startsWith(TokenView.COPY_WARNING + "\n\n" + TOKEN + "\n\n")
                .contains("Permissions:  contents=write, metadata=read")
                .contains("Resources:    acme:api,web  (awaiting approval by an owner of acme)")
                .contains("An owner of acme must approve this token").contains("latchkey org requests acme");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--type fine-grained --resource acme:all --permission contents=write|fine-grained tokens must expire: give --expires",
            "--type fine-grained --resource acme:all --expires never|fine-grained tokens must expire",
            "--type fine-grained --permission contents=read --expires 30d|needs at least one --resource",
            "--type fine-grained --resource acme:all --scopes repo --expires 30d|has --permission NAME=LEVEL, not --scopes",
            "--resource acme:all --expires 30d|add --type fine-grained",
            "--permission contents=write|add --type fine-grained",
            "--type fine-grained --resource acme --expires 30d|'acme' is not OWNER:all, OWNER:public or OWNER:REPO",
            "--type fine-grained --resource acme:all --permission contents --expires 30d|'contents' is not NAME=LEVEL",
            "--type fine-grained --resource acme:all --resource acme:api --expires 30d|acme twice in different ways",
            "--type coarse|'coarse' is not classic or fine-grained"})
    void a_bad_fine_grained_command_line_is_exit_2_and_sends_nothing(String args, String message) {
        String[] command = ("token create --name x " + args).split(" ");

        CliRunner.Result result = cli.run(command);

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).hasLineCount(1).contains(message);
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void list_and_show_give_the_type_and_a_fine_grained_tokens_permissions_and_resources() {
        stub.answer(200, """
                [{"id":3,"name":"laptop","type":"classic","scopes":["repo"],"state":"active"},
                 {"id":7,"name":"ci","type":"fine_grained","scopes":[],"permissions":{"contents":"write"},
                  "resources":[{"owner":"acme","repositories":"all","approval":"denied","decided_by":"grace",
                                "reason":"needs a ticket"},{"owner":"ada","repositories":["dotfiles"],"approval":"not_required"}],
                  "state":"active"}]""");

        String list = cli.run("token", "list").out();

        assertThat(list).startsWith("ID  NAME    TYPE          ACCESS").containsPattern("3\\s+laptop\\s+classic\\s+repo\\s")
                .containsPattern("7\\s+ci\\s+fine-grained\\s+contents=write on acme:all \\(denied\\) ada:dotfiles\\s");

        stub.answer(200, """
                {"id":7,"name":"ci","type":"fine_grained","scopes":[],"permissions":{"contents":"write"},
                 "resources":[{"owner":"acme","repositories":"all","approval":"approved","decided_by":"grace",
                               "decided_at":"2026-05-01T10:00:00Z"},{"owner":"ada","repositories":["dotfiles","web"],
                               "approval":"not_required"}],"state":"active"}""");
        String show = cli.run("token", "show", "7").out();

        assertThat(show).contains("Type:            fine-grained\n").contains("Permissions:     contents=write\n")
                .contains("Resources:       acme:all  (approved by grace on 2026-05-01 10:00 UTC)\n"
                        + "                 ada:dotfiles,web\n")
                .doesNotContain("Scopes:");
    }

    @Test
    void check_by_id_uses_the_session_route_and_prints_each_reason_with_its_fix_exit_4() {
        stub.answer(200, """
                {"allowed":false,"action":"push","target":"acme/web","token_id":7,"token_name":"ci","token_type":"fine_grained",
                 "reasons":[{"code":"missing_permission","message":"This token lacks the contents=write permission.",
                             "fix":"Create a token with contents=write."},
                            {"code":"repository_not_selected","message":"This token does not select the repository acme/web.",
                             "fix":null}]}""");
        cli.env("LATCHKEY_TOKEN", TOKEN);

        CliRunner.Result result = cli.run("token", "check", "7", "--action", "push", "--repo", "acme/web");

        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.out()).isEqualTo("""
                denied: push on acme/web (token 7 'ci', fine-grained)
                  missing_permission: This token lacks the contents=write permission. — Create a token with contents=write.
                  repository_not_selected: This token does not select the repository acme/web.
                """);
        assertThat(stub.requests().get(0)).isEqualTo(new StubServer.Request("GET",
                "/api/v1/user/tokens/7/check?action=push&repo=acme%2Fweb", "token " + SESSION, ""));
    }

    @Test
    void check_self_sends_latchkey_token_and_exits_0_when_allowed_also_with_json() {
        stub.answer(200, "{\"allowed\":true,\"action\":\"create_repo\",\"target\":\"acme\",\"token_id\":7,"
                + "\"token_name\":\"ci\",\"token_type\":\"fine_grained\",\"reasons\":[]}");
        cli.env("LATCHKEY_TOKEN", TOKEN);

        CliRunner.Result text = cli.run("token", "check", "--self", "--action", "create_repo", "--owner", "acme", "--public");
        CliRunner.Result json = cli.run("token", "check", "--self", "--action", "create_repo", "--owner", "acme", "--json");

        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).isEqualTo("allowed: create_repo on acme (token 7 'ci', fine-grained)\n");
        assertThat(json.exitCode()).isZero();
        assertThat(json.out()).contains("\"allowed\" : true");
        assertThat(stub.requests()).extracting(StubServer.Request::path).containsExactly(
                "/api/v1/tokens/self/check?action=create_repo&owner=acme&private=false",
                "/api/v1/tokens/self/check?action=create_repo&owner=acme");
        assertThat(stub.requests()).extracting(StubServer.Request::authorization).containsOnly("token " + TOKEN);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "token check --action push --repo acme/api|which token? give its ID",
            "token check 7 --self --action push --repo acme/api|give either a token ID or --self, not both",
            "token check 7 --action push|Error: Missing required argument",
            "token check 7 --action push --repo acme/api --owner acme|mutually exclusive",
            "token check 7 --action push --repo acme|'acme' is not OWNER/NAME",
            "token check 7 --action push --repo acme/api --public|--public goes with --owner",
            "token check 7 --repo acme/api|Missing required option: '--action=ACTION'"})
    void a_bad_check_command_line_is_exit_2_and_sends_nothing(String args, String message) {
        CliRunner.Result result = cli.run(args.split(" "));

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).hasLineCount(1).contains(message);
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void check_self_without_latchkey_token_says_so_and_is_exit_3() {
        CliRunner.Result result = cli.run("token", "check", "--self", "--action", "pull", "--repo", "acme/api");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("LATCHKEY_TOKEN is not set: token check --self checks the token in it\n");
    }

    @Test
    void advise_shows_use_needs_and_the_suggested_command_alone_on_the_last_line() {
        stub.answer(200, """
                {"token_id":3,"window_days":90,"total_uses":42,"first_used_at":"2026-02-01T09:00:00Z",
                 "last_used_at":"2026-04-30T17:30:00Z",
                 "used":[{"action":"push","target":"acme/api","count":40,"last_at":"2026-04-30T17:30:00Z"},
                         {"route":"GET /api/v1/user","target":null,"count":2,"last_at":"2026-03-01T08:00:00Z"}],
                 "needed_scopes":["repo"],"unused_scopes":["workflow","delete_repo"],
                 "needed_permissions":{"contents":"write"},"unused_permissions":{},
                 "repositories":[{"owner":"acme","repositories":["api"]}],
                 "suggestion":{"kind":"narrow","reason":"Only contents=write on acme/api was used.",
                               "command":"latchkey token create --name 'laptop (narrowed)' --type fine-grained --resource acme:api --permission contents=write --expires 90d",
                               "request":{"type":"fine_grained"}}}""");

        CliRunner.Result result = cli.run("token", "advise", "3", "--days", "90");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(stub.requests().get(0).path()).isEqualTo("/api/v1/user/tokens/3/advice?days=90");
        assertThat(stub.requests().get(0).authorization()).isEqualTo("token " + SESSION);
        assertThat(result.out()).startsWith("Token 3 over the last 90 days: 42 uses, first 2026-02-01 09:00 UTC,"
                        + " last 2026-04-30 17:30 UTC.\n")
                .containsPattern("push\\s+acme/api\\s+40\\s+2026-04-30 17:30 UTC")
                .containsPattern("GET /api/v1/user\\s+-\\s+2\\s+2026-03-01")
                .contains("Needed scopes:       repo\n").contains("Unused scopes:       workflow, delete_repo\n")
                .contains("Needed permissions:  contents=write\n").contains("Repositories:        acme: api\n")
                .contains("Suggestion: narrow. Only contents=write on acme/api was used.\n")
                .endsWith("\nlatchkey token create --name 'laptop (narrowed)' --type fine-grained --resource acme:api"
                        + " --permission contents=write --expires 90d\n");
    }

    @Test
    void advise_of_an_unused_token_says_so() {
        stub.answer(200, "{\"token_id\":4,\"window_days\":30,\"total_uses\":0,\"used\":[],\"needed_scopes\":[],"
                + "\"unused_scopes\":[\"repo\"],\"needed_permissions\":[],\"unused_permissions\":[],\"repositories\":[],"
                + "\"suggestion\":{\"kind\":\"revoke\",\"reason\":\"Not used in 30 days.\",\"command\":\"latchkey token revoke 4\"}}");

        CliRunner.Result result = cli.run("token", "advise", "4");

        assertThat(result.out()).startsWith("Token 4 over the last 30 days: not used.\n").contains("Repositories:   -\n")
                .endsWith("Suggestion: revoke. Not used in 30 days.\n\nlatchkey token revoke 4\n");
        assertThat(stub.requests().get(0).path()).isEqualTo("/api/v1/user/tokens/4/advice");
    }
}
