package org.latchkey.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.latchkey.account.User;
import org.latchkey.account.UserStore;
import org.latchkey.crypto.ServerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers every notice (expiry notices, alerts, anything told through the {@link NoticeOutbox}) by
 * email and to each webhook of its owner that subscribes to its event.
 *
 * <p>All its state is in the database, so any node, after any restart, carries on where the last
 * one stopped. A run first <em>fans out</em> the notices not yet fanned out: in one transaction,
 * one delivery row per channel (email when SMTP is configured and the owner has an address; each
 * subscribed hook), and the notice marked done. Then it sends each due delivery: it claims the row
 * (state {@code SENDING}, the attempt counted, a lease of {@link #LEASE}), sends, and records the
 * outcome, conditional on still holding the claim. A failure (an error or a status outside 2xx) is
 * retried after 1 min, 5 min, 30 min, 2 h and 6 h, then the delivery is {@code FAILED}.
 *
 * <p>So a clean stop (which lets the send in progress finish) or a restart never sends a delivery
 * twice nor skips one. A node killed in the middle of a send leaves its claim behind; once the lease
 * lapses another run sends it again, with the same {@code X-Latchkey-Delivery} id (and email
 * {@code Message-ID}), so a receiver can recognise the repeat: at least once, never lost.
 *
 * <p>Runs happen on one background thread, every {@link #POLL} and at once when the outbox tells a
 * new notice ({@link #wake()}); tests call {@link #runOnce()} with a moved clock instead.
 */
public final class NoticeDispatcher implements AutoCloseable {

    public static final Duration POLL = Duration.ofSeconds(15);
    static final Duration LEASE = Duration.ofMinutes(5);
    static final List<Duration> BACKOFF = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(2), Duration.ofHours(6));
    public static final int MAX_ATTEMPTS = BACKOFF.size() + 1;
    private static final int BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(NoticeDispatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeliveryStore deliveries;
    private final HookStore hooks;
    private final UserStore users;
    private final EmailSender email;
    private final WebhookSender webhooks;
    private final ServerKey serverKey;
    private final NoticeMetrics metrics;
    private final Clock clock;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private volatile boolean closing;
    private volatile Periodic background;

    /** {@code email} null: no SMTP server is configured, and notices go to webhooks only. */
    public NoticeDispatcher(DeliveryStore deliveries, HookStore hooks, UserStore users, EmailSender email,
                            WebhookSender webhooks, ServerKey serverKey, NoticeMetrics metrics, Clock clock) {
        this.deliveries = deliveries;
        this.hooks = hooks;
        this.users = users;
        this.email = email;
        this.webhooks = webhooks;
        this.serverKey = serverKey;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Starts the background thread: a run soon, then every {@link #POLL} and on each {@link #wake()}. */
    public synchronized NoticeDispatcher start() {
        if (background == null) {
            background = new Periodic("latchkey-notices", () -> {
                wakeQueued.set(false);
                runOnce();
            }).schedule(Duration.ofSeconds(1), POLL);
        }
        return this;
    }

    /** Asks the background thread for a run now (a new notice was told); runs asked for together coalesce. */
    public void wake() {
        Periodic running = background;
        if (running != null && !closing && wakeQueued.compareAndSet(false, true)) {
            running.runSoon();
        }
    }

    /** Fans out every new notice, then sends every delivery due; answers how many sends were attempted. */
    public synchronized int runOnce() {
        fanOut();
        int sent = 0;
        while (!closing) {
            List<Long> due = deliveries.due(clock.instant(), BATCH);
            int claimed = 0;
            for (long id : due) {
                if (closing) {
                    break;
                }
                if (deliver(id).isPresent()) {
                    claimed++;
                }
            }
            sent += claimed;
            if (claimed == 0 || due.size() < BATCH) {
                break;
            }
        }
        return sent;
    }

    /** Writes the deliveries of every notice not yet fanned out; answers how many notices this run fanned out. */
    int fanOut() {
        int fannedOut = 0;
        while (!closing) {
            List<StoredNotice> notices = deliveries.notFannedOut(BATCH);
            for (StoredNotice notice : notices) {
                if (deliveries.fanOut(notice.id(), targets(notice), clock.instant())) {
                    fannedOut++;
                }
            }
            if (notices.size() < BATCH) {
                break;
            }
        }
        return fannedOut;
    }

    private List<NewDelivery> targets(StoredNotice stored) {
        Notice notice = stored.notice();
        Instant now = clock.instant();
        List<NewDelivery> targets = new ArrayList<>();
        if (email != null && users.findById(notice.userId()).map(User::email).filter(a -> !a.isBlank()).isPresent()) {
            targets.add(new NewDelivery(stored.id(), notice.userId(), notice.event(), Channel.EMAIL, null, MAX_ATTEMPTS, now));
        }
        for (Hook hook : hooks.listForUser(notice.userId())) {
            if (hook.wants(notice.event())) {
                targets.add(new NewDelivery(stored.id(), notice.userId(), notice.event(), Channel.WEBHOOK, hook.id(),
                        MAX_ATTEMPTS, now));
            }
        }
        return targets;
    }

    /**
     * Claims the delivery, sends it and records the outcome; empty when it was not due or another
     * dispatcher has it. Used by runs and, for a ping, by the request that asked for it.
     */
    public Optional<Attempt> deliver(long deliveryId) {
        Instant start = clock.instant();
        Optional<Delivery> claimed = deliveries.claim(deliveryId, start, start.plus(LEASE));
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        Delivery delivery = claimed.get();
        long began = System.nanoTime();
        Cancel cancel = cancelled(delivery);
        SendResult result = cancel != null ? SendResult.failed(null, cancel.reason()) : send(delivery);
        long millis = Duration.ofNanos(System.nanoTime() - began).toMillis();
        Instant now = clock.instant();
        Attempt attempt = new Attempt(delivery.attempt(), now, result.statusCode(), result.error(), millis);
        NoticeMetrics.Outcome outcome;
        DeliveryState state;
        Instant next = null;
        if (cancel != null) {
            outcome = NoticeMetrics.Outcome.CANCELLED;
            state = DeliveryState.CANCELLED;
        } else if (result.error() == null) {
            outcome = NoticeMetrics.Outcome.DELIVERED;
            state = DeliveryState.DELIVERED;
        } else if (delivery.attempt() < delivery.maxAttempts()) {
            outcome = NoticeMetrics.Outcome.RETRYING;
            state = DeliveryState.PENDING;
            next = now.plus(BACKOFF.get(Math.min(delivery.attempt(), BACKOFF.size()) - 1));
        } else {
            outcome = NoticeMetrics.Outcome.FAILED;
            state = DeliveryState.FAILED;
        }
        if (!deliveries.finish(delivery.id(), attempt, state, next)) {
            LOG.warn("delivery {} attempt {}: its claim lapsed before the outcome was recorded", delivery.id(),
                    delivery.attempt());
            return Optional.of(attempt);
        }
        metrics.delivery(delivery.channel(), outcome);
        if (result.error() != null) {
            LOG.info("delivery {} ({} {}, attempt {} of {}) {}: {}{}", delivery.id(), delivery.channel().wireName(),
                    delivery.event(), delivery.attempt(), delivery.maxAttempts(), outcome.tag(), result.error(),
                    next == null ? "" : "; next attempt at " + next);
        }
        return Optional.of(attempt);
    }

    private record Cancel(String reason) {
    }

    private Cancel cancelled(Delivery delivery) {
        if (delivery.channel() == Channel.WEBHOOK) {
            return delivery.hookDeleted() ? new Cancel("cancelled: the hook was deleted") : null;
        }
        if (email == null) {
            return new Cancel("cancelled: no SMTP server is configured");
        }
        if (delivery.email() == null || delivery.email().isBlank()) {
            return new Cancel("cancelled: the account has no email address");
        }
        return null;
    }

    /** Sends it; a failure of this server's own (a server key that cannot open the hook's secret, say) is a failed attempt too. */
    private SendResult send(Delivery delivery) {
        try {
            return delivery.channel() == Channel.EMAIL ? sendEmail(delivery) : sendWebhook(delivery);
        } catch (RuntimeException e) {
            return SendResult.failed(null, "could not send: " + e.getClass().getSimpleName());
        }
    }

    private SendResult sendEmail(Delivery delivery) {
        Notice notice = delivery.notice().notice();
        String text = notice.text() + "\n-- \nSent by Latchkey to the owner of this account (" + notice.event()
                + ", notice " + delivery.notice().id() + ").\n";
        return email.send(delivery.email(), notice.subject(), text, "<delivery." + delivery.id() + ".latchkey@"
                + domainOf(delivery.email()) + ">");
    }

    private static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "localhost" : address.substring(at + 1).replaceAll("[^A-Za-z0-9.-]", "");
    }

    private SendResult sendWebhook(Delivery delivery) {
        String secret = serverKey.decrypt(delivery.hookSealedSecret());
        return webhooks.post(delivery.hookUrl(), delivery.event(), delivery.id(), delivery.hookId(), delivery.attempt(),
                payload(delivery), secret);
    }

    /** The JSON body a hook receives; the same for every attempt of one delivery. */
    static byte[] payload(Delivery delivery) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", delivery.event());
        body.put("delivery_id", delivery.id());
        body.put("hook_id", delivery.hookId());
        body.put("user_id", delivery.userId());
        StoredNotice stored = delivery.notice();
        if (stored == null) {
            body.put("zen", "Keep your tokens short-lived and your scopes narrow.");
        } else {
            body.put("notice_id", stored.id());
            body.put("created_at", stored.createdAt().toString());
            body.put("subject", stored.notice().subject());
            body.put("text", stored.notice().text());
            body.put("fields", stored.notice().fields());
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a delivery's body cannot be written as JSON", e);
        }
    }

    /** Stops after the send in progress (if any); what is left is sent by the next dispatcher to run. */
    @Override
    public void close() {
        closing = true;
        Periodic running = background;
        if (running != null) {
            running.close(Duration.ofSeconds(30));
        }
    }
}
