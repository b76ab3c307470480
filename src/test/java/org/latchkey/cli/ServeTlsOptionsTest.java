package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.tls.TestCertificates;
import org.latchkey.tls.TestCertificates.Issued;
import org.latchkey.tls.TestCertificates.KeyFormat;

/**
 * {@code latchkey serve} refuses HTTPS settings it cannot serve with before it starts anything:
 * one line saying what is wrong, the command line's exit code, no stack trace, no password.
 */
class ServeTlsOptionsTest {

    private static final String PASSWORD = "keystore-Pass-phrase";

    @TempDir
    Path temp;

    private Issued one;
    private Issued two;
    private Path keystore;
    private CliRunner cli;

    @BeforeEach
    void certificates() {
        TestCertificates ca = TestCertificates.authority("Serve Options CA");
        one = ca.issue(temp.resolve("one"), "one", KeyFormat.PKCS8_EC);
        two = ca.issue(temp.resolve("two"), "two", KeyFormat.SEC1_EC);
        keystore = TestCertificates.writeKeystore(temp.resolve("server.p12"), one, PASSWORD);
        cli = new CliRunner(temp);
    }

    @Test
    void incomplete_or_contradictory_tls_options_are_refused() {
        refused(serve("--tls-cert", one.certificate().toString()), "--tls-cert needs --tls-key");
        refused(serve("--tls-key", one.key().toString()), "--tls-key needs --tls-cert");
        refused(serve("--tls-cert", one.certificate().toString(), "--tls-key", one.key().toString(),
                "--tls-keystore", keystore.toString()), "give the certificate once");
        refused(serve("--http-redirect-port", "8081"), "--http-redirect-port needs HTTPS");
        refused(serve("--tls-cert", one.certificate().toString(), "--tls-key", one.key().toString(),
                "--port", "8443", "--http-redirect-port", "8443"), "other than --port");
        refused(serve("--tls-cert", one.certificate().toString(), "--tls-key", one.key().toString(),
                "--public-url", "http://latchkey.example.com"), "public URL must start with https://");
    }

    @Test
    void files_that_cannot_serve_are_refused_saying_which_and_why() throws Exception {
        refused(serve("--tls-cert", temp.resolve("nope.pem").toString(), "--tls-key", one.key().toString()),
                "cannot serve HTTPS: cannot read " + temp.resolve("nope.pem") + ": no such file");
        refused(serve("--tls-cert", one.certificate().toString(), "--tls-key", two.key().toString()),
                "the private key in " + two.key() + " does not belong to the certificate in " + one.certificate());
        refused(serve("--tls-cert", one.key().toString(), "--tls-key", one.key().toString()), "holds no PEM certificate");
        Path unreadable = Files.copy(one.key(), temp.resolve("unreadable.key"));
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
        if (!Files.isReadable(unreadable)) {
            refused(serve("--tls-cert", one.certificate().toString(), "--tls-key", unreadable.toString()), "permission denied");
        }
    }

    @Test
    void a_keystore_needs_its_password_from_the_environment_and_a_wrong_one_is_refused_unquoted() {
        refused(serve("--tls-keystore", keystore.toString()), "needs its password in the environment variable"
                + " LATCHKEY_TLS_KEYSTORE_PASSWORD");
        cli.env("LATCHKEY_TLS_KEYSTORE_PASSWORD", "wrong-" + PASSWORD);
        refused(serve("--tls-keystore", keystore.toString()), "the password (LATCHKEY_TLS_KEYSTORE_PASSWORD) is wrong");
        cli.env("LATCHKEY_TLS_KEYSTORE_PASSWORD", PASSWORD);
        refused(serve("--tls-keystore", one.certificate().toString()), "not a PKCS#12 file");
    }

    private CliRunner.Result serve(String... options) {
        List<String> args = new ArrayList<>(List.of("serve", "--data", temp.resolve("data").toString(), "--port", "0"));
        args.addAll(List.of(options));
        if (args.indexOf("--port") != args.lastIndexOf("--port")) {
            args.subList(3, 5).clear();
        }
        return cli.run(args.toArray(String[]::new));
    }

    private void refused(CliRunner.Result result, String message) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.USAGE.code());
        assertThat(result.err()).contains(message).doesNotContain(PASSWORD).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(result.err().strip().lines()).hasSize(1);
        assertThat(temp.resolve("data")).as("nothing started").doesNotExist();
    }
}
