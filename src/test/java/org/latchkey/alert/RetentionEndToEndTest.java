package org.latchkey.alert;

import org.latchkey.notice.Pruned;
import org.latchkey.notice.Receiver;
import org.latchkey.notice.SmtpSettings;
import org.latchkey.notice.SmtpTls;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.LogCapture;
import org.latchkey.Settings;
import org.latchkey.TestServer;
import org.latchkey.metrics.MetricsScrape;
import org.latchkey.store.TestDatabases;

/**
 * The whole server keeping one day: the retention job's run (what its hourly thread calls) deletes
 * what was delivered, and the expiry and unused-token jobs, run again with the clock moved, send
 * nothing twice by email (a real SMTP server) or webhook (a real receiver).
 */
class RetentionEndToEndTest {

    private static final String GRACE_PASSWORD = "grace-password-1234";

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    private GreenMail mail;
    private SmtpSettings smtp;
    private long hookId;

    @BeforeEach
    void startMail() {
        ServerSetup setup = ServerSetupTest.SMTP.dynamicPort();
        setup.setServerStartupTimeout(20_000);
        mail = new GreenMail(setup);
        mail.start();
        smtp = new SmtpSettings("127.0.0.1", mail.getSmtp().getPort(), null, null, "latchkey@example.com", SmtpTls.NONE,
                Duration.ofSeconds(5));
    }

    @AfterEach
    void stopMail() {
        mail.stop();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Engine.class)
    void anExpiringToken_isToldEachStageOnce_whileTheJobPrunesBehindIt(TestDatabases.Engine engine) throws Exception {
        try (Receiver receiver = new Receiver(); TestServer server = start(engine, s -> s)) {
            String grace = graceWithHook(server, receiver);
            server.createToken(grace, "{\"name\":\"deploy\",\"scopes\":[\"repo\"],\"expires_in_days\":8}");

            for (int run = 0; run < 4 * 30; run++) {
                server.clock().advance(Duration.ofHours(6));
                server.latchkey().pruneRetention();
                server.latchkey().runExpiryNotices();
                server.latchkey().dispatchNotices();
            }

            assertThat(subjects()).containsExactly("Your token \"deploy\" expires in 6 days",
                    "Your token \"deploy\" expires in 23 hours", "Your token \"deploy\" has expired");
            assertThat(receiver.requests()).extracting(request -> request.header("X-Latchkey-Event"))
                    .containsExactly("token.expiring", "token.expiring", "token.expired");
            String metrics = MetricsScrape.scrape(server);
            assertThat(pruned(metrics, "notices")).isEqualTo(3);
            assertThat(pruned(metrics, "notice_fanouts")).isEqualTo(3);
            assertThat(pruned(metrics, "notice_deliveries")).isEqualTo(6);
            assertThat(pruned(metrics, "notice_delivery_attempts")).isEqualTo(6);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Engine.class)
    void aTokenRevokedAsUnused_isToldOnce_andItsNoticeAndDeliveriesArePrunedAfterTheWindow(TestDatabases.Engine engine)
            throws Exception {
        try (Receiver receiver = new Receiver();
             TestServer server = start(engine, s -> s.withRevokeUnusedAfterDays(30))) {
            String grace = graceWithHook(server, receiver);
            server.createToken(grace, "{\"name\":\"idle\",\"scopes\":[\"repo\"],\"expires\":\"never\"}");
            server.clock().advance(Duration.ofDays(31));
            server.latchkey().revokeUnusedTokens();
            server.latchkey().dispatchNotices();

            var inside = server.latchkey().pruneRetention();
            server.clock().advance(Duration.ofDays(1).plusSeconds(1));
            var past = server.latchkey().pruneRetention();
            int revokedAgain = server.latchkey().revokeUnusedTokens();
            server.latchkey().dispatchNotices();

            assertThat(subjects()).containsExactly("Your token 'idle' was revoked after 30 days unused");
            assertThat(receiver.requests()).hasSize(1);
            assertThat(inside).isEqualTo(Pruned.NONE);
            assertThat(past.rows()).containsEntry(Pruned.Table.NOTICES, 1).containsEntry(Pruned.Table.NOTICE_FANOUTS, 1)
                    .containsEntry(Pruned.Table.NOTICE_DELIVERIES, 2).containsEntry(Pruned.Table.NOTICE_DELIVERY_ATTEMPTS, 2);
            assertThat(revokedAgain).isZero();
            assertThat(server.send("GET", "/api/v1/user/hooks/" + hookId + "/deliveries", "token " + server.signIn("grace",
                    GRACE_PASSWORD), null).json()).isEmpty();
        }
    }

    private TestServer start(TestDatabases.Engine engine, UnaryOperator<Settings> customise) {
        return TestServer.start(engine, s -> customise.apply(s.withSmtp(smtp).withUsageRetentionDays(1)
                .withMetricsToken(MetricsScrape.TOKEN)));
    }

    /** Grace, with an address and a webhook for her token notices; answers her session. */
    private String graceWithHook(TestServer server, Receiver receiver) {
        server.client().createUser(server.signInAdmin(), "grace", GRACE_PASSWORD);
        String grace = server.signIn("grace", GRACE_PASSWORD);
        TestServer.Response hook = server.send("POST", "/api/v1/user/hooks", "token " + grace,
                "{\"url\":\"" + receiver.url("/latchkey") + "\",\"events\":[\"token.*\"]}");
        assertThat(hook.status()).as(hook.body()).isEqualTo(201);
        hookId = hook.json().path("id").asLong();
        return grace;
    }

    private List<String> subjects() throws MessagingException {
        List<String> subjects = new ArrayList<>();
        for (MimeMessage message : mail.getReceivedMessages()) {
            subjects.add(message.getSubject());
        }
        return subjects;
    }

    private static double pruned(String metrics, String table) {
        return MetricsScrape.value(metrics, "latchkey_retention_pruned_total{table=\"" + table + "\"}");
    }
}
