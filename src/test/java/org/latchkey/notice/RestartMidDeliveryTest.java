package org.latchkey.notice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.latchkey.account.User;
import org.latchkey.audit.Origin;
import org.latchkey.store.Database;
import org.latchkey.store.EachEngine;

/**
 * A dispatcher stopped in the middle of sending notices, and a new one started on the same
 * database: every notice reaches the SMTP server and the webhook receiver exactly once.
 */
class RestartMidDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NOTICES = 8;

    @EachEngine
    void aDispatcherStoppedAfterSomeDeliveries_andANewOne_deliverEachNoticeExactlyOnce(Database db) throws Exception {
        ServerSetup setup = ServerSetupTest.SMTP.dynamicPort();
        setup.setServerStartupTimeout(20_000);
        GreenMail mail = new GreenMail(setup);
        mail.start();
        try (Receiver receiver = new Receiver()) {
            SmtpMailer mailer = new SmtpMailer(new SmtpSettings("127.0.0.1", mail.getSmtp().getPort(), null, null,
                    "latchkey@example.com", SmtpTls.NONE, Duration.ofSeconds(5)));
            Deliveries deliveries = Deliveries.over(db, mailer);
            User octocat = deliveries.user("octocat");
            NoticeDispatcher first = deliveries.dispatcher();
            deliveries.webhooks(first).create(octocat, receiver.url("/hook"), List.of("*"), null, new Origin("127.0.0.1", "t"));
            receiver.answer(500);
            for (int i = 0; i < NOTICES; i++) {
                deliveries.outbox.tell(new Notice(octocat.id(), "token.expiring", "k" + i, "notice " + i, "text " + i,
                        Map.of()));
            }
            AtomicReference<NoticeDispatcher> stopping = new AtomicReference<>(first);
            receiver.onRequest(n -> {
                if (n == 4) {
                    stopping.get().close();
                }
            });

            first.runOnce();
            int emailsBeforeRestart = mail.getReceivedMessages().length;
            int hooksBeforeRestart = receiver.requests().size();
            NoticeDispatcher second = deliveries.dispatcher();
            second.runOnce();
            deliveries.clock.advance(Duration.ofMinutes(1));
            second.runOnce();
            NoticeDispatcher third = deliveries.dispatcher();
            deliveries.clock.advance(Duration.ofHours(12));
            third.runOnce();

            assertThat(hooksBeforeRestart).isEqualTo(4);
            assertThat(emailsBeforeRestart).isBetween(3, 5);
            assertThat(subjects(mail.getReceivedMessages())).containsExactlyInAnyOrderElementsOf(expected());
            List<String> delivered = new ArrayList<>();
            List<Receiver.Request> requests = receiver.requests();
            for (int i = 0; i < requests.size(); i++) {
                if (i != 0) {
                    delivered.add(subject(requests.get(i)));
                }
            }
            assertThat(requests).hasSize(NOTICES + 1);
            assertThat(delivered).containsExactlyInAnyOrderElementsOf(expected());
            assertThat(subject(requests.get(0))).isEqualTo(subject(requests.get(requests.size() - 1)));
            assertThat(db.deliveries().pendingCount()).isZero();
        } finally {
            mail.stop();
        }
    }

    private static List<String> expected() {
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < NOTICES; i++) {
            subjects.add("notice " + i);
        }
        return subjects;
    }

    private static String subject(Receiver.Request request) {
        try {
            return JSON.readTree(request.body()).path("subject").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> subjects(MimeMessage[] messages) throws MessagingException {
        List<String> subjects = new ArrayList<>();
        for (MimeMessage message : messages) {
            subjects.add(message.getSubject());
        }
        return subjects;
    }
}
