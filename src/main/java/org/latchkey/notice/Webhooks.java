package org.latchkey.notice;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.latchkey.InvalidField;
import org.latchkey.Refusal;
import org.latchkey.token.TokenFormat;
import org.latchkey.account.User;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.crypto.ServerKey;

/**
 * A user's webhooks: registering one (its URL checked, its secret generated when not given and
 * stored encrypted with the server key), listing, deleting, its delivery log, and a ping.
 */
public final class Webhooks {

    public static final int MAX_HOOKS_PER_USER = 20;
    public static final int MAX_EVENTS = 20;
    public static final int MAX_URL_LENGTH = 2000;
    public static final int MIN_SECRET_LENGTH = 16;
    public static final int MAX_SECRET_LENGTH = 256;
    public static final int MAX_LOG_PAGE = 100;
    private static final Pattern EVENT = Pattern.compile("\\*|[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*(\\.\\*)?");

    private final HookStore hooks;
    private final DeliveryStore deliveries;
    private final NoticeDispatcher dispatcher;
    private final ServerKey serverKey;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random;
    private final HookTargets targets;

    public Webhooks(HookStore hooks, DeliveryStore deliveries, NoticeDispatcher dispatcher, ServerKey serverKey,
                    AuditLog audit, Clock clock, SecureRandom random, HookTargets targets) {
        this.targets = targets;
        this.hooks = hooks;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.serverKey = serverKey;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
    }

    /** Registers a hook; {@code secret} null: one is generated and returned this once. */
    public CreatedHook create(User user, String url, List<String> events, String secret, Origin origin) {
        String checkedUrl = checkUrl(url);
        String refusal = targets.refusal(URI.create(checkedUrl));
        if (refusal != null) {
            throw InvalidField.invalid("url", refusal);
        }
        List<String> checkedEvents = checkEvents(events);
        String generated = null;
        if (secret == null) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            generated = HexFormat.of().formatHex(bytes);
        } else if (secret.length() < MIN_SECRET_LENGTH || secret.length() > MAX_SECRET_LENGTH || secret.isBlank()) {
            throw InvalidField.invalid("secret", "must be " + MIN_SECRET_LENGTH + " to " + MAX_SECRET_LENGTH
                    + " characters; leave it out to have one generated");
        }
        if (hooks.listForUser(user.id()).size() >= MAX_HOOKS_PER_USER) {
            throw InvalidField.invalid("url", "a user may have at most " + MAX_HOOKS_PER_USER + " hooks; delete one first");
        }
        String sealed = serverKey.encrypt(generated != null ? generated : secret);
        Hook hook = hooks.insert(new NewHook(user.id(), checkedUrl, checkedEvents, sealed, clock.instant()));
        audit.record(AuditAction.HOOK_CREATED, user.id(), user.login(), null, origin,
                Map.of("hook_id", Long.toString(hook.id()), "events", String.join(",", hook.events())));
        return new CreatedHook(hook, generated);
    }

    public List<Hook> list(long userId) {
        return hooks.listForUser(userId);
    }

    public Hook get(long userId, long id) {
        return hooks.find(userId, id).orElseThrow(() -> Refusal.noSuch("hook"));
    }

    /** Deletes the hook: nothing more is sent to it, and deliveries still pending are cancelled. */
    public void delete(User user, long id, Origin origin) {
        if (!hooks.delete(user.id(), id, clock.instant())) {
            throw Refusal.noSuch("hook");
        }
        audit.record(AuditAction.HOOK_DELETED, user.id(), user.login(), null, origin, Map.of("hook_id", Long.toString(id)));
    }

    /** The hook's delivery attempts, newest first. */
    public List<DeliveryLogEntry> log(long userId, long id, Long beforeId, int limit) {
        if (limit < 1 || limit > MAX_LOG_PAGE) {
            throw InvalidField.invalid("per_page", "must be from 1 to " + MAX_LOG_PAGE);
        }
        return deliveries.logForHook(get(userId, id).id(), beforeId, limit);
    }

    /** Sends a {@code ping} event to the hook now, once (no retries), and answers how it went. */
    public Attempt ping(long userId, long id) {
        Hook hook = get(userId, id);
        long delivery = deliveries.add(new NewDelivery(null, userId, "ping", Channel.WEBHOOK, hook.id(), 1,
                clock.instant()), clock.instant());
        return dispatcher.deliver(delivery).orElseThrow(() -> new IllegalStateException("a new ping was not due"));
    }

    static String checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw InvalidField.missing("url");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw InvalidField.invalid("url", "must be at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw InvalidField.invalid("url", "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw InvalidField.invalid("url", "must be an http:// or https:// URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw InvalidField.invalid("url", "must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw InvalidField.invalid("url", "must not contain a user name or password; the hook's secret signs each delivery");
        }
        if (uri.getRawFragment() != null) {
            throw InvalidField.invalid("url", "must not have a #fragment");
        }
        if (TokenFormat.containsSecret(url)) {
            throw InvalidField.invalid("url", "looks like it contains a Latchkey token secret; deliveries are signed"
                    + " with the hook's secret instead");
        }
        return uri.toString();
    }

    static List<String> checkEvents(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw InvalidField.missing("events");
        }
        if (events.size() > MAX_EVENTS) {
            throw InvalidField.invalid("events", "at most " + MAX_EVENTS + " events or patterns");
        }
        LinkedHashSet<String> checked = new LinkedHashSet<>();
        for (String event : events) {
            if (event == null || event.length() > 64 || !EVENT.matcher(event).matches()) {
                throw InvalidField.invalid("events", "each must be an event name such as token.expiring, a prefix"
                        + " such as token.*, or * for every event");
            }
            checked.add(event);
        }
        return new ArrayList<>(checked);
    }
}
