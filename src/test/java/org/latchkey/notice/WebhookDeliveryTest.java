package org.latchkey.notice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.latchkey.InvalidField;
import org.latchkey.LogCapture;
import org.latchkey.account.User;
import org.latchkey.audit.Origin;
import org.latchkey.store.TestDatabases;

class WebhookDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Origin ORIGIN = new Origin("127.0.0.1", "test");

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    private final TestDatabases.Fresh fresh = TestDatabases.freshH2();
    private final Deliveries deliveries = Deliveries.over(fresh.database(), null);
    private final Receiver receiver = new Receiver();
    private final NoticeDispatcher dispatcher = deliveries.dispatcher();
    private final Webhooks webhooks = deliveries.webhooks(dispatcher);
    private final User octocat = deliveries.user("octocat");

    @AfterEach
    void close() throws Exception {
        receiver.close();
        fresh.close();
    }

    @Test
    void aNotice_isPostedAsSignedJson_withTheEventAndDeliveryHeaders() throws Exception {
        CreatedHook hook = webhooks.create(octocat, receiver.url("/hooks/latchkey"), List.of("token.*"), null, ORIGIN);
        tell("token.expiring", "k1");

        dispatcher.runOnce();

        Receiver.Request request = receiver.requests().get(0);
        assertThat(receiver.requests()).hasSize(1);
        assertThat(request.path()).isEqualTo("/hooks/latchkey");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("X-Latchkey-Event")).isEqualTo("token.expiring");
        assertThat(request.header("X-Latchkey-Hook-ID")).isEqualTo(Long.toString(hook.hook().id()));
        assertThat(request.header("X-Latchkey-Signature-256")).isEqualTo(hmac(hook.generatedSecret(), request.body()));
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.path("event").asText()).isEqualTo("token.expiring");
        assertThat(body.path("delivery_id").asText()).isEqualTo(request.header("X-Latchkey-Delivery"));
        assertThat(body.path("notice_id").asLong()).isPositive();
        assertThat(body.path("subject").asText()).isEqualTo("subject k1");
        assertThat(body.path("text").asText()).isEqualTo("text of k1");
        assertThat(body.path("fields").path("token_id").asText()).isEqualTo("42");
        assertThat(deliveries.metrics.count(Channel.WEBHOOK, NoticeMetrics.Outcome.DELIVERED)).isEqualTo(1);
    }

    @Test
    void aGivenSecret_signs_andIsStoredOnlyEncrypted() throws Exception {
        String secret = "correct horse battery staple";
        CreatedHook hook = webhooks.create(octocat, receiver.url("/"), List.of("*"), secret, ORIGIN);
        tell("alert.new_ip", "k1");

        dispatcher.runOnce();

        assertThat(hook.generatedSecret()).isNull();
        Receiver.Request request = receiver.requests().get(0);
        assertThat(request.header("X-Latchkey-Signature-256")).isEqualTo(hmac(secret, request.body()));
        String sealed = deliveries.db.hooks().sealedSecret(hook.hook().id()).orElseThrow();
        assertThat(sealed).doesNotContain(secret);
        assertThat(deliveries.serverKey.decrypt(sealed)).isEqualTo(secret);
        assertThat(logs.text()).doesNotContain(secret);
    }

    @Test
    void onlySubscribedEvents_andOnlyTheOwnersHooks_receiveANotice() {
        User hubot = deliveries.user("hubot");
        webhooks.create(octocat, receiver.url("/octocat"), List.of("token.expiring"), null, ORIGIN);
        webhooks.create(hubot, receiver.url("/hubot"), List.of("*"), null, ORIGIN);
        tell("alert.new_ip", "k1");
        tell("token.expiring", "k2");

        dispatcher.runOnce();

        assertThat(receiver.requests()).extracting(Receiver.Request::path).containsExactly("/octocat");
        assertThat(receiver.requests().get(0).text()).contains("\"subject\":\"subject k2\"");
    }

    @Test
    void a500_isRetriedAfterOneMinute_thenFiveMinutes_withTheSameDeliveryAndBody_andLogged() {
        CreatedHook hook = webhooks.create(octocat, receiver.url("/"), List.of("*"), null, ORIGIN);
        receiver.answer(500, 503);
        tell("token.expiring", "k1");

        dispatcher.runOnce();
        dispatcher.runOnce();
        deliveries.clock.advance(Duration.ofSeconds(59));
        dispatcher.runOnce();
        assertThat(receiver.requests()).hasSize(1);
        deliveries.clock.advance(Duration.ofSeconds(1));
        dispatcher.runOnce();
        deliveries.clock.advance(Duration.ofMinutes(5));
        dispatcher.runOnce();
        deliveries.clock.advance(Duration.ofHours(3));
        dispatcher.runOnce();

        List<Receiver.Request> requests = receiver.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(r -> r.header("X-Latchkey-Attempt")).containsExactly("1", "2", "3");
        assertThat(requests).extracting(r -> r.header("X-Latchkey-Delivery")).containsOnly(requests.get(0).header("X-Latchkey-Delivery"));
        assertThat(requests).extracting(Receiver.Request::text).containsOnly(requests.get(0).text());
        List<DeliveryLogEntry> log = webhooks.log(octocat.id(), hook.hook().id(), null, 10);
        assertThat(log).extracting(e -> e.attempt().attempt()).containsExactly(3, 2, 1);
        assertThat(log).extracting(e -> e.attempt().statusCode()).containsExactly(200, 503, 500);
        assertThat(log.get(1).attempt().error()).isEqualTo("the receiver answered HTTP 503");
        assertThat(log.get(2).attempt().at()).isEqualTo(Deliveries.T0);
        assertThat(log.get(1).attempt().at()).isEqualTo(Deliveries.T0.plus(Duration.ofMinutes(1)));
        assertThat(log).allSatisfy(e -> assertThat(e.state()).isEqualTo(DeliveryState.DELIVERED));
        assertThat(deliveries.metrics.count(Channel.WEBHOOK, NoticeMetrics.Outcome.RETRYING)).isEqualTo(2);
        assertThat(deliveries.metrics.count(Channel.WEBHOOK, NoticeMetrics.Outcome.DELIVERED)).isEqualTo(1);
    }

    @Test
    void aReceiverThatAlwaysFails_isTriedSixTimesOverAboutNineHours_thenTheDeliveryFails() {
        CreatedHook hook = webhooks.create(octocat, receiver.url("/"), List.of("*"), null, ORIGIN);
        receiver.answer(500, 500, 500, 500, 500, 500, 500, 500);
        tell("token.expiring", "k1");

        for (int i = 0; i < 24; i++) {
            dispatcher.runOnce();
            deliveries.clock.advance(Duration.ofHours(1));
        }

        assertThat(receiver.requests()).hasSize(NoticeDispatcher.MAX_ATTEMPTS);
        List<DeliveryLogEntry> log = webhooks.log(octocat.id(), hook.hook().id(), null, 10);
        assertThat(log).hasSize(6).allSatisfy(e -> assertThat(e.state()).isEqualTo(DeliveryState.FAILED));
        assertThat(deliveries.metrics.count(Channel.WEBHOOK, NoticeMetrics.Outcome.FAILED)).isEqualTo(1);
    }

    @Test
    void anUnreachableReceiver_isLoggedAsRefused_andRetried() {
        String url;
        try (Receiver closed = new Receiver()) {
            url = closed.url("/gone");
        }
        CreatedHook hook = webhooks.create(octocat, url, List.of("*"), null, ORIGIN);
        tell("token.expiring", "k1");

        dispatcher.runOnce();

        DeliveryLogEntry entry = webhooks.log(octocat.id(), hook.hook().id(), null, 10).get(0);
        assertThat(entry.attempt().statusCode()).isNull();
        assertThat(entry.attempt().error()).isEqualTo("connection refused");
        assertThat(entry.state()).isEqualTo(DeliveryState.PENDING);
        assertThat(entry.nextAttemptAt()).isEqualTo(Deliveries.T0.plus(Duration.ofMinutes(1)));
    }

    @Test
    void deletingAHook_cancelsWhatIsStillPending() {
        CreatedHook hook = webhooks.create(octocat, receiver.url("/"), List.of("*"), null, ORIGIN);
        receiver.answer(500);
        tell("token.expiring", "k1");
        dispatcher.runOnce();

        webhooks.delete(octocat, hook.hook().id(), ORIGIN);
        deliveries.clock.advance(Duration.ofMinutes(2));
        dispatcher.runOnce();
        tell("token.expiring", "k2");
        dispatcher.runOnce();

        assertThat(receiver.requests()).hasSize(1);
        assertThat(deliveries.db.deliveries().logForHook(hook.hook().id(), null, 10))
                .first().satisfies(e -> {
                    assertThat(e.state()).isEqualTo(DeliveryState.CANCELLED);
                    assertThat(e.attempt().error()).isEqualTo("cancelled: the hook was deleted");
                });
        assertThat(deliveries.db.deliveries().pendingCount()).isZero();
    }

    @Test
    void aDeliveryClaimedByANodeThatDied_isSentAgainOnceItsLeaseLapses() {
        webhooks.create(octocat, receiver.url("/"), List.of("*"), null, ORIGIN);
        tell("token.expiring", "k1");
        dispatcher.fanOut();
        long id = deliveries.db.deliveries().due(deliveries.clock.instant(), 10).get(0);
        deliveries.db.deliveries().claim(id, deliveries.clock.instant(), deliveries.clock.instant().plus(NoticeDispatcher.LEASE));

        deliveries.dispatcher().runOnce();
        assertThat(receiver.requests()).isEmpty();
        deliveries.clock.advance(NoticeDispatcher.LEASE);
        deliveries.dispatcher().runOnce();

        assertThat(receiver.requests()).singleElement()
                .satisfies(r -> assertThat(r.header("X-Latchkey-Attempt")).isEqualTo("2"));
    }

    @Test
    void aSecretThisServerCannotOpen_failsTheAttempt_insteadOfStallingTheDelivery() {
        CreatedHook hook = webhooks.create(octocat, receiver.url("/"), List.of("*"), null, ORIGIN);
        tell("token.expiring", "k1");
        NoticeDispatcher otherKey = Deliveries.over(deliveries.db, null).dispatcher();

        otherKey.runOnce();

        assertThat(receiver.requests()).isEmpty();
        DeliveryLogEntry entry = webhooks.log(octocat.id(), hook.hook().id(), null, 10).get(0);
        assertThat(entry.attempt().error()).isEqualTo("could not send: IllegalStateException");
        assertThat(entry.state()).isEqualTo(DeliveryState.PENDING);
    }

    @Test
    void ping_postsAPingEventOnce_andAnswersHowItWent() {
        CreatedHook hook = webhooks.create(octocat, receiver.url("/"), List.of("token.expiring"), null, ORIGIN);
        receiver.answer(404);

        Attempt failed = webhooks.ping(octocat.id(), hook.hook().id());
        Attempt delivered = webhooks.ping(octocat.id(), hook.hook().id());
        deliveries.clock.advance(Duration.ofHours(1));
        dispatcher.runOnce();

        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.statusCode()).isEqualTo(404);
        assertThat(delivered.succeeded()).isTrue();
        assertThat(receiver.requests()).hasSize(2).allSatisfy(r -> {
            assertThat(r.header("X-Latchkey-Event")).isEqualTo("ping");
            assertThat(r.header("X-Latchkey-Signature-256")).isEqualTo(hmac(null, r.body(), hook));
        });
        assertThat(webhooks.log(octocat.id(), hook.hook().id(), null, 10)).extracting(DeliveryLogEntry::state)
                .containsExactly(DeliveryState.DELIVERED, DeliveryState.FAILED);
    }

    @Test
    void aHookUrl_mustBeHttpOrHttps_withAHost_andNoCredentials() {
        for (String url : List.of("ftp://example.org/x", "file:///etc/passwd", "example.org/hook", "http://",
                "https://user:s3cr3t-in-url@example.org/hook", "http://exa mple.org", "javascript:alert(1)")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> webhooks.create(octocat, url, List.of("*"), null, ORIGIN))
                    .as(url).isInstanceOf(InvalidField.class).satisfies(e -> {
                        assertThat(((InvalidField) e).field()).isEqualTo("url");
                        assertThat(e.getMessage()).doesNotContain("s3cr3t");
                    });
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> webhooks.create(octocat, receiver.url("/"),
                List.of("Token Expiring"), null, ORIGIN)).isInstanceOf(InvalidField.class).hasMessageStartingWith("events:");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> webhooks.create(octocat, receiver.url("/"),
                List.of("*"), "short", ORIGIN)).isInstanceOf(InvalidField.class).hasMessageStartingWith("secret:")
                .hasMessageNotContaining("short");
    }

    @Test
    void aHookOnTheLocalNetwork_isRefused_unlessTheServerAllowsIt() {
        Webhooks publicOnly = deliveries.webhooks(dispatcher, HookTargets.publicOnly());
        for (String url : List.of(receiver.url("/"), "http://localhost/hook", "http://[::1]:8080/", "http://10.0.0.7/",
                "http://169.254.169.254/latest/meta-data/", "http://[::ffff:192.168.1.1]/", "http://0.0.0.0:22/")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> publicOnly.create(octocat, url, List.of("*"), null, ORIGIN))
                    .as(url).isInstanceOf(InvalidField.class)
                    .hasMessageContaining("url: the URL's host is a loopback, private or link-local address")
                    .hasMessageContaining("--webhook-allow-local-network");
        }
        assertThat(webhooks.list(octocat.id())).isEmpty();
        assertThat(webhooks.create(octocat, receiver.url("/"), List.of("*"), null, ORIGIN).hook().url())
                .isEqualTo(receiver.url("/"));
    }

    @Test
    void aDelivery_isNotMade_whenItsHostIsOnTheLocalNetworkAtSendingTime() {
        CreatedHook hook = webhooks.create(octocat, receiver.url("/"), List.of("*"), null, ORIGIN);
        NoticeDispatcher publicOnly = deliveries.dispatcher(HookTargets.publicOnly());
        tell("token.expiring", "k1");

        publicOnly.runOnce();

        assertThat(receiver.requests()).isEmpty();
        DeliveryLogEntry logged = webhooks.log(octocat.id(), hook.hook().id(), null, 10).get(0);
        assertThat(logged.attempt().error()).startsWith("the URL's host is a loopback, private or link-local address");
        assertThat(logged.attempt().statusCode()).isNull();
    }

    private String hmac(String secret, byte[] body, CreatedHook hook) {
        return hmac(secret == null ? hook.generatedSecret() : secret, body);
    }

    /** What a receiver computes to check a delivery, written out as the README shows it. */
    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private void tell(String event, String key) {
        deliveries.outbox.tell(new Notice(octocat.id(), event, key, "subject " + key, "text of " + key,
                Map.of("token_id", "42")));
    }
}
