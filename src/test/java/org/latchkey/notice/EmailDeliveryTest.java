package org.latchkey.notice;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.latchkey.LogCapture;
import org.latchkey.account.User;
import org.latchkey.store.TestDatabases;

/** Email through a real SMTP server in the test (GreenMail): plain, with authentication, and over TLS. */
class EmailDeliveryTest {

    private static final String PASSWORD = "smtp-Pa55word-never-shown";
    /** GreenMail's TLS server reads its key store once per JVM, from these properties. */
    private static final LocalhostCertificate CERTIFICATE = LocalhostCertificate.create();

    static {
        System.setProperty("greenmail.tls.keystore.file", CERTIFICATE.file().toString());
        System.setProperty("greenmail.tls.keystore.password", LocalhostCertificate.PASSWORD);
        System.setProperty("greenmail.tls.key.password", LocalhostCertificate.PASSWORD);
    }

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    private final TestDatabases.Fresh fresh = TestDatabases.freshH2();
    private GreenMail mail;

    @AfterEach
    void close() throws Exception {
        if (mail != null) {
            mail.stop();
        }
        fresh.close();
    }

    private int start(ServerSetup setup) {
        ServerSetup own = setup.dynamicPort();
        own.setServerStartupTimeout(20_000);
        mail = new GreenMail(own);
        mail.setUser("latchkey@example.com", "latchkey", PASSWORD);
        mail.start();
        return setup.getProtocol().equals("smtps") ? mail.getSmtps().getPort() : mail.getSmtp().getPort();
    }

    private static SmtpSettings smtp(int port, String user, String password, SmtpTls tls) {
        return new SmtpSettings("127.0.0.1", port, user, password, "latchkey@example.com", tls, Duration.ofSeconds(5));
    }

    @Test
    void aNotice_isEmailedToTheOwnersAddress_withAStableMessageId() throws Exception {
        int port = start(ServerSetupTest.SMTP);
        Deliveries deliveries = Deliveries.over(fresh.database(), new SmtpMailer(smtp(port, "latchkey", PASSWORD, SmtpTls.NONE)));
        User octocat = deliveries.user("octocat");
        tell(deliveries, octocat, "k1");

        deliveries.dispatcher().runOnce();

        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage message = received[0];
        assertThat(message.getAllRecipients()[0].toString()).isEqualTo("octocat@example.org");
        assertThat(message.getFrom()[0].toString()).isEqualTo("latchkey@example.com");
        assertThat(message.getSubject()).isEqualTo("Your token \"ci\" expires in 7 days");
        assertThat(GreenMailUtil.getBody(message)).contains("regenerate it").contains("notice ");
        assertThat(message.getMessageID()).matches("<delivery\\.\\d+\\.latchkey@example\\.org>");
        assertThat(message.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
        assertThat(deliveries.metrics.count(Channel.EMAIL, NoticeMetrics.Outcome.DELIVERED)).isEqualTo(1);
    }

    @Test
    void aWrongPassword_failsTheAttempt_isRetried_andNeverShowsThePassword() {
        int port = start(ServerSetupTest.SMTP);
        String wrong = "wrong-Pa55word-never-shown";
        Deliveries deliveries = Deliveries.over(fresh.database(), new SmtpMailer(smtp(port, "latchkey", wrong, SmtpTls.NONE)));
        User octocat = deliveries.user("octocat");
        tell(deliveries, octocat, "k1");

        deliveries.dispatcher().runOnce();

        assertThat(mail.getReceivedMessages()).isEmpty();
        assertThat(deliveries.metrics.count(Channel.EMAIL, NoticeMetrics.Outcome.RETRYING)).isEqualTo(1);
        assertThat(logs.text()).contains("AuthenticationFailedException").doesNotContain(wrong).doesNotContain(PASSWORD);
        assertThat(smtp(port, "latchkey", wrong, SmtpTls.NONE).toString()).doesNotContain(wrong).contains("latchkey:***@");
    }

    @Test
    void overTls_withTheServersCertificateAndNameChecked_theEmailArrives() throws Exception {
        int port = start(ServerSetupTest.SMTPS);
        SmtpMailer mailer = new SmtpMailer(new SmtpSettings("localhost", port, "latchkey", PASSWORD, "latchkey@example.com",
                SmtpTls.TLS, Duration.ofSeconds(5)), CERTIFICATE.trustingSockets());
        Deliveries deliveries = Deliveries.over(fresh.database(), mailer);
        User octocat = deliveries.user("octocat");
        tell(deliveries, octocat, "k1");

        deliveries.dispatcher().runOnce();

        assertThat(mail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void overTls_aCertificateNotTrusted_orForAnotherName_isRefused() {
        int port = start(ServerSetupTest.SMTPS);
        SendResult untrusted = new SmtpMailer(new SmtpSettings("localhost", port, "latchkey", PASSWORD,
                "latchkey@example.com", SmtpTls.TLS, Duration.ofSeconds(5))).send("o@example.org", "s", "t", "<m1@x>");
        SendResult otherName = new SmtpMailer(new SmtpSettings("127.0.0.2", port, "latchkey", PASSWORD,
                "latchkey@example.com", SmtpTls.TLS, Duration.ofSeconds(5)), CERTIFICATE.trustingSockets())
                .send("o@example.org", "s", "t", "<m2@x>");

        assertThat(untrusted.error()).isNotNull();
        assertThat(otherName.error()).isNotNull();
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void withStarttlsRequired_aServerThatDoesNotOfferIt_getsNothingInPlainText() {
        int port = start(ServerSetupTest.SMTP);
        SendResult result = new SmtpMailer(smtp(port, "latchkey", PASSWORD, SmtpTls.STARTTLS), CERTIFICATE.trustingSockets())
                .send("octocat@example.org", "subject", "text", "<m1@example.org>");

        assertThat(result.error()).contains("STARTTLS");
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void anOwnerWithoutAnEmailAddress_getsNoEmailDelivery() {
        int port = start(ServerSetupTest.SMTP);
        Deliveries deliveries = Deliveries.over(fresh.database(), new SmtpMailer(smtp(port, null, null, SmtpTls.NONE)));
        User noEmail = fresh.database().users().insert(new org.latchkey.account.NewUser("hubot", null, false, "$argon2id$x",
                Deliveries.T0)).orElseThrow();
        tell(deliveries, noEmail, "k1");

        deliveries.dispatcher().runOnce();

        assertThat(mail.getReceivedMessages()).isEmpty();
        assertThat(fresh.database().deliveries().pendingCount()).isZero();
        assertThat(fresh.database().deliveries().notFannedOut(10)).isEmpty();
    }

    private static void tell(Deliveries deliveries, User user, String key) {
        deliveries.outbox.tell(new Notice(user.id(), "token.expiring", key, "Your token \"ci\" expires in 7 days",
                "Your personal access token \"ci\" expires soon. To keep using it, regenerate it.", Map.of()));
    }
}
