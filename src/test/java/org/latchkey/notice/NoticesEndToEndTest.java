package org.latchkey.notice;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.Latchkey;
import org.latchkey.LogCapture;
import org.latchkey.Settings;
import org.latchkey.TestServer;
import org.latchkey.metrics.MetricsScrape;
import org.latchkey.store.TestDatabases;

/**
 * The whole server: a token about to expire is told to its owner by email (a real SMTP server in
 * the test) and to her webhook (a real receiver), once, even across a restart of the server.
 */
class NoticesEndToEndTest {

    private static final String GRACE_PASSWORD = "grace-password-1234";

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    @ParameterizedTest
    @EnumSource(TestDatabases.Engine.class)
    void anExpiringToken_isToldByEmailAndWebhookOnce_evenAcrossARestart(TestDatabases.Engine engine) throws Exception {
        ServerSetup setup = ServerSetupTest.SMTP.dynamicPort();
        setup.setServerStartupTimeout(20_000);
        GreenMail mail = new GreenMail(setup);
        mail.start();
        SmtpSettings smtp = new SmtpSettings("127.0.0.1", mail.getSmtp().getPort(), null, null, "latchkey@example.com",
                SmtpTls.NONE, Duration.ofSeconds(5));
        try (Receiver receiver = new Receiver();
             TestServer server = TestServer.start(engine, s -> s.withSmtp(smtp).withMetricsToken(MetricsScrape.TOKEN)
                     .withPublicUrl("https://latchkey.example.com"))) {
            String admin = server.signInAdmin();
            server.client().createUser(admin, "grace", GRACE_PASSWORD);
            String grace = server.signIn("grace", GRACE_PASSWORD);
            String secret = server.send("POST", "/api/v1/user/hooks", "token " + grace,
                    "{\"url\":\"" + receiver.url("/latchkey") + "\",\"events\":[\"token.*\"]}").json().path("secret").asText();
            var token = server.createToken(grace, "{\"name\":\"deploy\",\"scopes\":[\"repo\"],\"expires_in_days\":8}");
            long id = token.path("id").asLong();
            server.get("/api/v1/user", "token " + token.path("token").asText());
            server.latchkey().flushUsage();

            server.clock().advance(Duration.ofDays(1).plusMinutes(1));
            server.latchkey().runExpiryNotices(); // or its background run did, with the clock moved
            server.latchkey().dispatchNotices();

            MimeMessage[] emails = mail.getReceivedMessages();
            assertThat(emails).hasSize(1);
            assertThat(emails[0].getAllRecipients()[0].toString()).isEqualTo("grace@example.com");
            assertThat(emails[0].getSubject()).isEqualTo("Your token \"deploy\" expires in 6 days");
            assertThat(GreenMailUtil.getBody(emails[0])).contains("https://latchkey.example.com/settings/tokens/" + id)
                    .contains("latchkey token regenerate " + id).contains("from 127.0.0.1");
            assertThat(receiver.requests()).singleElement().satisfies(request -> {
                assertThat(request.header("X-Latchkey-Event")).isEqualTo("token.expiring");
                assertThat(request.header("X-Latchkey-Signature-256"))
                        .isEqualTo(WebhookDeliveryTest.hmac(secret, request.body()));
                assertThat(request.text()).contains("\"token_id\":\"" + id + "\"");
            });
            String metrics = MetricsScrape.scrape(server);
            assertThat(MetricsScrape.value(metrics, "latchkey_notices_told_total{event=\"token.expiring\"}")).isEqualTo(1);
            assertThat(MetricsScrape.value(metrics,
                    "latchkey_notice_deliveries_total{channel=\"email\",outcome=\"delivered\"}")).isEqualTo(1);
            assertThat(MetricsScrape.value(metrics,
                    "latchkey_notice_deliveries_total{channel=\"webhook\",outcome=\"delivered\"}")).isEqualTo(1);

            server.stop();
            Settings again = Settings.defaults(server.dataDir()).withNetwork("127.0.0.1", 0).withClock(server.clock())
                    .withWebhookAllowLocalNetwork(true)
                    .withSmtp(smtp).withPublicUrl("https://latchkey.example.com");
            if (server.postgres() != null) {
                again = again.withDatabase(server.postgres().url(), server.postgres().user(), server.postgres().password());
            }
            try (Latchkey restarted = Latchkey.start(again)) {
                assertThat(restarted.runExpiryNotices()).isZero();
                assertThat(restarted.dispatchNotices()).isZero();
                assertThat(mail.getReceivedMessages()).hasSize(1);
                assertThat(receiver.requests()).hasSize(1);

                server.clock().advance(Duration.ofDays(6));
                restarted.runExpiryNotices();
                restarted.dispatchNotices();
                assertThat(mail.getReceivedMessages()).hasSize(2);
                assertThat(mail.getReceivedMessages()[1].getSubject()).isEqualTo("Your token \"deploy\" expires in 23 hours");
                assertThat(receiver.requests()).hasSize(2);
            }
        } finally {
            mail.stop();
        }
    }
}
