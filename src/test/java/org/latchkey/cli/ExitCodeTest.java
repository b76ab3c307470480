package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExitCodeTest {

    @ParameterizedTest
    @CsvSource({"400,6", "401,3", "403,4", "404,5", "409,6", "413,6", "422,6", "429,7", "500,1", "502,1", "301,1"})
    void each_refusal_status_has_its_exit_code(int status, int exitCode) {
        assertThat(ExitCode.forHttpStatus(status).code()).isEqualTo(exitCode);
        assertThat(new ServerRefusal(status, "no").exitCode().code()).isEqualTo(exitCode);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(org.latchkey.Refusal.Kind.class)
    void every_kind_of_refusal_has_a_documented_exit_code_the_same_as_for_its_status(org.latchkey.Refusal.Kind kind) {
        assertThat(ExitCode.of(kind.exitCode()).code()).isEqualTo(kind.exitCode());
        assertThat(ExitCode.forHttpStatus(kind.httpStatus()).code()).isEqualTo(kind.exitCode());
    }

    @Test
    void codes_are_distinct_zero_is_success_and_two_is_picocli_usage() {
        assertThat(Arrays.stream(ExitCode.values()).map(ExitCode::code)).doesNotHaveDuplicates();
        assertThat(ExitCode.OK.code()).isZero();
        assertThat(ExitCode.USAGE.code()).isEqualTo(picocli.CommandLine.ExitCode.USAGE);
    }

    @Test
    void every_client_command_documents_the_exit_codes_in_its_help(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        CliRunner cli = new CliRunner(dir);

        assertThat(cli.run("token", "create", "--help").out()).contains("Exit codes:").contains("7   Rate limit exceeded");
        assertThat(cli.run("whoami", "--help").out()).contains("3   Not logged in");
        assertThat(cli.run("serve", "--help").out()).doesNotContain("Exit codes:");
    }

    @Test
    void an_unexpected_failure_is_one_line_exit_1_with_any_token_hidden(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine command = LatchkeyCommand.commandLine();
        command.setErr(new java.io.PrintWriter(err));

        int exit = new ErrorReporter().handleExecutionException(
                new IllegalStateException("bad lkp_abcdefghijklmnopqrstuvwxyz0123456789\nsecond line"), command, null);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).hasLineCount(1).contains("lkp_[REDACTED]").doesNotContain("abcdefghij");
    }
}
