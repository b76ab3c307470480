package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The device-flow mode starts a device flow only where a person can see the code: without a
 * terminal or in CI it says why and asks the server for nothing (unless forced), while a stored
 * refresh token still renews silently there.
 */
class DeviceFlowCredentialsTest {

    private static final String NEW_TOKENS = "{\"access_token\":\"lko_renewedrenewedrenewedrenewedrenewed\","
            + "\"refresh_token\":\"lkr_renewedrenewedrenewedrenewedrenewed\",\"expires_in\":28800,\"token_type\":\"bearer\"}";

    @TempDir
    Path temp;

    private final Map<String, String> env = new HashMap<>();
    private final StringWriter err = new StringWriter();
    private StubServer server;

    @BeforeEach
    void setUp() throws Exception {
        server = new StubServer();
        env.put("HOME", temp.toString());
        env.put("LATCHKEY_NO_BROWSER", "1");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void without_a_terminal_it_says_so_and_asks_the_server_for_no_code() {
        Optional<GitCredential> answer = helper(false).get(vault(), request());

        assertThat(answer).isEmpty();
        assertThat(err.toString()).contains("latchkey: no sign-in for " + server.url() + " (none yet)")
                .contains("there is no terminal to show the code on (LATCHKEY_DEVICE_FLOW=force to ask all the same)")
                .doesNotContain("enter the code");
        assertThat(server.requests()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"CI, true", "CI, 1", "GITHUB_ACTIONS, true", "GITLAB_CI, true"})
    void in_ci_it_says_so_and_asks_the_server_for_no_code_even_with_a_terminal(String variable, String value) {
        env.put(variable, value);

        Optional<GitCredential> answer = helper(true).get(vault(), request());

        assertThat(answer).isEmpty();
        assertThat(err.toString()).contains("says this is a CI job (LATCHKEY_DEVICE_FLOW=force to ask all the same)");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void ci_false_is_not_a_ci_job() {
        env.put("CI", "false");
        server.answer(400, "{\"error\":\"invalid_client\"}");

        assertThatThrownBy(() -> helper(true).get(vault(), request())).isInstanceOf(CliFailure.class);
        assertThat(server.requests()).extracting(StubServer.Request::path).containsExactly("/login/device/code");
    }

    @Test
    void forced_it_asks_for_a_code_without_a_terminal_and_in_ci() {
        env.put("CI", "true");
        env.put(DeviceFlowCredentials.FORCE_VARIABLE, "force");
        server.answer(400, "{\"error\":\"invalid_client\"}");

        assertThatThrownBy(() -> helper(false).get(vault(), request())).isInstanceOf(CliFailure.class);
        assertThat(server.requests()).extracting(StubServer.Request::path).containsExactly("/login/device/code");
    }

    @Test
    void git_terminal_prompt_0_wins_over_force() {
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put(DeviceFlowCredentials.FORCE_VARIABLE, "force");

        assertThat(helper(true).get(vault(), request())).isEmpty();
        assertThat(err.toString()).contains("GIT_TERMINAL_PROMPT=0 forbids asking");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void a_stored_refresh_token_renews_silently_without_a_terminal_in_ci() {
        env.put("CI", "true");
        CredentialVault vault = vault();
        GitCredential request = request();
        vault.update(stored -> stored.storing(new GitCredential(request.protocol(), request.host(), null, "ada",
                "lko_expiredexpiredexpiredexpiredexpired", "lkr_storedstoredstoredstoredstoredsto",
                Clock.systemUTC().instant().getEpochSecond() - 10)));
        server.answer(200, NEW_TOKENS, Map.of("Content-Type", "application/json"));

        Optional<GitCredential> answer = helper(false).get(vault, request);

        assertThat(answer).map(GitCredential::password).contains("lko_renewedrenewedrenewedrenewedrenewed");
        assertThat(server.requests()).extracting(StubServer.Request::path).containsExactly("/login/oauth/access_token");
        assertThat(err.toString()).isEmpty();
    }

    private DeviceFlowCredentials helper(boolean terminal) {
        return new DeviceFlowCredentials(environment(), new PrintWriter(err, true), Clock.systemUTC(), () -> terminal);
    }

    private CliEnvironment environment() {
        return new CliEnvironment(Map.copyOf(env)::get, temp, System.in, () -> null);
    }

    private CredentialVault vault() {
        return new CredentialVault(temp.resolve("config"), KeyStoreChoice.FILE, environment(), new SecureRandom());
    }

    private GitCredential request() {
        return new GitCredential("http", server.url().substring("http://".length()), null, null, null);
    }
}
