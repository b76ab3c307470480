package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.notice.SmtpSettings;
import org.latchkey.notice.SmtpTls;

class ServeSmtpOptionsTest {

    @TempDir
    Path temp;

    @Test
    void noHost_meansNoEmail() {
        assertThat(new ServeCommand().smtp()).isNull();
    }

    @Test
    void aHostAlone_defaultsToRequiredStarttlsOnPort587() {
        ServeCommand serve = serve("smtp.example.com", "latchkey@example.com");

        SmtpSettings smtp = serve.smtp();

        assertThat(smtp.tls()).isEqualTo(SmtpTls.STARTTLS);
        assertThat(smtp.port()).isEqualTo(587);
        assertThat(smtp.user()).isNull();
    }

    @Test
    void thePasswordFile_isRead_andNeverShownBySettings() throws Exception {
        Path file = temp.resolve("smtp-password");
        Files.writeString(file, "file-Pa55word\n");
        ServeCommand serve = serve("smtp.example.com", "latchkey@example.com");
        serve.smtpTls = "tls";
        serve.smtpUser = "latchkey";
        serve.smtpPasswordFile = file;

        SmtpSettings smtp = serve.smtp();

        assertThat(smtp.password()).isEqualTo("file-Pa55word");
        assertThat(smtp.port()).isEqualTo(465);
        assertThat(smtp.toString()).doesNotContain("file-Pa55word");
        assertThat(org.latchkey.Settings.defaults(temp).withSmtp(smtp).toString()).doesNotContain("file-Pa55word")
                .contains("smtp=smtp://latchkey:***@smtp.example.com:465 (tls=tls");
    }

    @Test
    void incompleteOrContradictorySettings_areRefusedAsABadCommandLine() {
        ServeCommand noFrom = serve("smtp.example.com", null);
        ServeCommand badTls = serve("smtp.example.com", "latchkey@example.com");
        badTls.smtpTls = "ssl3";
        ServeCommand passwordWithoutUser = serve("smtp.example.com", "latchkey@example.com");
        passwordWithoutUser.smtpPassword = "Pa55word-alone";
        ServeCommand fromWithoutHost = serve(null, "latchkey@example.com");

        assertThatThrownBy(noFrom::smtp).isInstanceOf(CliFailure.class).hasMessageContaining("--smtp-from");
        assertThatThrownBy(badTls::smtp).isInstanceOf(CliFailure.class).hasMessageContaining("none, starttls or tls");
        assertThatThrownBy(passwordWithoutUser::smtp).isInstanceOf(CliFailure.class).hasMessageContaining("needs an SMTP user")
                .hasMessageNotContaining("Pa55word-alone");
        assertThatThrownBy(fromWithoutHost::smtp).isInstanceOf(CliFailure.class).hasMessageContaining("need --smtp-host");
    }

    private static ServeCommand serve(String host, String from) {
        ServeCommand serve = new ServeCommand();
        serve.smtpHost = host;
        serve.smtpFrom = from;
        return serve;
    }
}
