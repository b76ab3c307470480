package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialProtocolTest {

    private static final String TOKEN = "lkp_abcdefghijklmnopqrstuvwxyz0123456789";

    @Test
    void reads_the_known_keys_up_to_the_blank_line() {
        InputStream in = input("protocol=https\nhost=git.example.com:8443\npath=ada/app.git\nusername=ada\npassword=" + TOKEN
                + "\n\nprotocol=http\n");

        GitCredential read = CredentialProtocol.read(in);

        assertThat(read).isEqualTo(new GitCredential("https", "git.example.com:8443", "ada/app.git", "ada", TOKEN));
        assertThat(new String(readRest(in), StandardCharsets.UTF_8)).isEqualTo("protocol=http\n");
    }

    @Test
    void end_of_input_ends_the_description_too_and_crlf_lines_are_accepted() {
        assertThat(CredentialProtocol.read(input("protocol=https\r\nhost=h\r\n")))
                .isEqualTo(new GitCredential("https", "h", null, null, null));
        assertThat(CredentialProtocol.read(input(""))).isEqualTo(GitCredential.NONE);
    }

    @Test
    void unknown_keys_of_newer_gits_are_ignored() {
        GitCredential read = CredentialProtocol.read(input("capability[]=authtype\ncapability[]=state\nprotocol=https\n"
                + "wwwauth[]=Basic realm=\"Latchkey\"\nwwwauth[]=Bearer\nhost=h\npassword_expiry_utc=1900000000\n"
                + "oauth_refresh_token=xyz\nstate[]=foo=bar\nquit=0\n\n"));

        assertThat(read).isEqualTo(new GitCredential("https", "h", null, null, null));
    }

    @Test
    void a_later_line_wins_and_values_may_contain_equals_signs() {
        GitCredential read = CredentialProtocol.read(input("protocol=https\nhost=a\nhost=b\nusername=x\npassword=p=q==\n"));

        assertThat(read).isEqualTo(new GitCredential("https", "b", null, "x", "p=q=="));
    }

    @Test
    void an_empty_path_is_no_path() {
        assertThat(CredentialProtocol.read(input("protocol=https\nhost=h\npath=\n")).path()).isNull();
    }

    @Test
    void url_sets_every_part_it_has_and_replaces_what_came_before() {
        GitCredential read = CredentialProtocol.read(input("username=old\npath=old\n"
                + "url=https://ada%40example.com:s%3Acret@git.example.com:8443/ada/app.git/\n"));

        assertThat(read).isEqualTo(new GitCredential("https", "git.example.com:8443", "ada/app.git", "ada@example.com", "s:cret"));
        assertThat(CredentialProtocol.read(input("url=http://127.0.0.1:8080\n")))
                .isEqualTo(new GitCredential("http", "127.0.0.1:8080", null, null, null));
        assertThat(CredentialProtocol.read(input("url=http://h/\nusername=after\n")))
                .isEqualTo(new GitCredential("http", "h", null, "after", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"protocol=https\n" + TOKEN + "\n", "=" + TOKEN + "\n", "password=" + TOKEN + "\0\n",
            "url=" + TOKEN + "\n"})
    void malformed_input_is_refused_without_showing_it(String description) {
        assertThatThrownBy(() -> CredentialProtocol.read(input(description)))
                .isInstanceOf(CliFailure.class)
                .hasMessageStartingWith("malformed credential description: ")
                .hasMessageNotContaining(TOKEN)
                .satisfies(e -> assertThat(((CliFailure) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }

    @Test
    void bytes_that_are_not_utf8_are_refused() {
        byte[] bytes = {'p', 'a', 's', 's', 'w', 'o', 'r', 'd', '=', (byte) 0xC3, (byte) 0x28, '\n'};

        assertThatThrownBy(() -> CredentialProtocol.read(new ByteArrayInputStream(bytes)))
                .hasMessage("malformed credential description: line 1 is not UTF-8");
    }

    @Test
    void a_description_longer_than_the_limit_is_refused() {
        String huge = "protocol=https\nwwwauth[]=" + "x".repeat(CredentialProtocol.MAX_BYTES) + "\n";

        assertThatThrownBy(() -> CredentialProtocol.read(input(huge)))
                .hasMessage("malformed credential description: it is longer than 65536 bytes");
    }

    @Test
    void the_answer_is_the_username_and_password_lines() {
        StringWriter out = new StringWriter();

        CredentialProtocol.answer(new PrintWriter(out), new GitCredential("https", "h", "p", "ada", TOKEN));

        assertThat(out).hasToString("username=ada\npassword=" + TOKEN + "\n");
    }

    @Test
    void the_string_form_never_shows_the_password() {
        assertThat(new GitCredential("https", "h", null, "ada", TOKEN).toString()).doesNotContain(TOKEN).contains("password=set");
    }

    private static InputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] readRest(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
