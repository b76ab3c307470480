package org.latchkey.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.LogCapture;
import org.latchkey.tls.TestCertificates.Issued;
import org.latchkey.tls.TestCertificates.KeyFormat;

/**
 * The certificate files are read as certbot and openssl write them, refused with the reason when
 * they cannot serve, and re-read when they change; a pair caught half-written is ignored (once
 * logged) and the certificate served so far stays.
 */
class CertificateReloadTest {

    private static final TestCertificates CA = TestCertificates.authority("Reload Test CA");

    @TempDir
    Path temp;

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    @Test
    void pem_keys_in_pkcs8_sec1_and_pkcs1_with_a_chain_and_a_pkcs12_keystore_all_load() throws Exception {
        for (KeyFormat format : KeyFormat.values()) {
            Issued issued = CA.issue(temp.resolve(format.name()), "server", format);
            KeyStore store = new TlsSource.Pem(issued.certificate(), issued.key()).load();
            assertThat(store.getCertificateChain(Keys.ALIAS)).as(format.name()).hasSize(2);
            assertThat(store.getCertificate(Keys.ALIAS)).isEqualTo(issued.served());
        }
        Issued issued = CA.issue(temp, "p12", KeyFormat.PKCS8_EC);
        Path keystore = TestCertificates.writeKeystore(temp.resolve("server.p12"), issued, "keystore pass phrase");
        assertThat(new TlsSource.Pkcs12(keystore, "keystore pass phrase").load().getCertificate(Keys.ALIAS))
                .isEqualTo(issued.served());
    }

    @Test
    void files_that_cannot_serve_are_refused_saying_why_and_never_quoting_the_password() throws Exception {
        Issued one = CA.issue(temp.resolve("one"), "one", KeyFormat.PKCS8_EC);
        Issued two = CA.issue(temp.resolve("two"), "two", KeyFormat.PKCS1_RSA);
        Path garbage = Files.writeString(temp.resolve("garbage.pem"), "not a certificate\n");
        Path cut = Files.writeString(temp.resolve("cut.pem"), Files.readString(one.certificate()).substring(0, 200));
        Path keystore = TestCertificates.writeKeystore(temp.resolve("server.p12"), one, "right-pass-phrase");

        assertRefused(new TlsSource.Pem(one.certificate(), two.key()), "does not belong to the certificate");
        assertRefused(new TlsSource.Pem(temp.resolve("missing.crt"), one.key()), "missing.crt: no such file");
        assertRefused(new TlsSource.Pem(temp, one.key()), "it is a directory");
        assertRefused(new TlsSource.Pem(garbage, one.key()), "holds no PEM certificate");
        assertRefused(new TlsSource.Pem(cut, one.key()), "not a readable PEM file");
        assertRefused(new TlsSource.Pem(one.certificate(), one.certificate()), "holds no PEM private key");
        assertRefused(new TlsSource.Pem(one.key(), one.key()), "holds no PEM certificate");
        assertRefused(new TlsSource.Pkcs12(keystore, "wrong-pass-phrase"), "password (LATCHKEY_TLS_KEYSTORE_PASSWORD) is wrong");
        assertRefused(new TlsSource.Pkcs12(one.certificate(), "right-pass-phrase"), "not a PKCS#12 file");
        assertThat(new TlsSource.Pkcs12(keystore, "right-pass-phrase").toString()).doesNotContain("right-pass-phrase");
    }

    @Test
    void a_renewal_is_served_but_a_half_written_pair_is_ignored_and_the_old_certificate_kept() throws Exception {
        Issued first = CA.issue(temp.resolve("first"), "first", KeyFormat.PKCS8_EC);
        Path cert = Files.copy(first.certificate(), temp.resolve("fullchain.pem"));
        Path key = Files.copy(first.key(), temp.resolve("privkey.pem"));
        List<X509Certificate> served = new ArrayList<>();
        CertificateReload reload = new CertificateReload(new TlsSource.Pem(cert, key))
                .onChange(store -> served.add(certificate(store)));
        Issued renewed = CA.issue(temp.resolve("renewed"), "renewed", KeyFormat.PKCS8_EC);

        assertThat(certificate(reload.first())).isEqualTo(first.served());
        assertThat(reload.check()).as("unchanged").isFalse();
        Files.copy(renewed.certificate(), cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(reload.check()).as("new certificate, old key").isFalse();
        assertThat(reload.check()).as("still half-written").isFalse();
        Files.writeString(key, Files.readString(renewed.key()).substring(0, 40));
        assertThat(reload.check()).as("key cut short").isFalse();
        Files.delete(key);
        assertThat(reload.check()).as("key renamed away").isFalse();
        Files.copy(renewed.key(), key);
        assertThat(reload.check()).as("the renewed pair").isTrue();
        assertThat(reload.check()).as("served already").isFalse();

        assertThat(served).containsExactly(renewed.served());
        assertThat(logs.text()).contains("does not belong to the certificate").contains("not a readable PEM file")
                .contains("privkey.pem: no such file").contains("TLS certificate reloaded");
        assertThat(logs.lines().stream().filter(line -> line.contains("does not belong")).count())
                .as("one warning per half-written pair, not one per check").isEqualTo(1);
    }

    private static X509Certificate certificate(KeyStore store) {
        try {
            return (X509Certificate) store.getCertificate(Keys.ALIAS);
        } catch (java.security.KeyStoreException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefused(TlsSource source, String reason) {
        assertThatThrownBy(source::load).as(source.toString()).isInstanceOf(UnusableCertificate.class)
                .hasMessageContaining(reason).hasMessageNotContaining("pass-phrase");
    }
}
