package org.latchkey.alert;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.latchkey.ClockTicker;
import org.latchkey.HumanTime;
import org.latchkey.Refusal;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.notice.Notice;
import org.latchkey.notice.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every rule's alert goes: stored once per key in the account's security-alerts list, written
 * to the audit log, counted, and told to the owner through the {@link Notifier} unless the
 * {@link AlertLimits} hold it back (the next notice then says how many were). Raising never throws:
 * a rule runs on a request's failure path or the usage log's thread, which an alert must not break.
 */
public final class Alerts {

    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);
    /** An alert's notice is keyed by this and the alert's id, so it is told once. */
    public static final String NOTICE_KEY_PREFIX = "security_alert:";
    private static final String SEE_ALL = "See every alert with `latchkey alerts`, or GET /api/v1/user/security-alerts,"
            + " and your security log with `latchkey audit`.";

    static final int SHOWN_LENGTH = 120;

    private final SecurityAlertStore store;
    private final Notifier notifier;
    private final AuditLog audit;
    private final AlertLimits limits;
    private final AlertCounters counters;
    private final Cache<String, Boolean> recentKeys;

    public Alerts(SecurityAlertStore store, Notifier notifier, AuditLog audit, AlertLimits limits, MeterRegistry registry,
                  Clock clock) {
        this.store = store;
        this.notifier = notifier;
        this.audit = audit;
        this.limits = limits;
        this.counters = new AlertCounters(registry);
        this.recentKeys = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(1))
                .ticker(ClockTicker.of(clock)).build();
    }

    /**
     * Stores, audits and (within the limits) tells the alert, unless its key was raised before;
     * answers the stored alert, or empty when it was raised before or could not be stored.
     */
    public Optional<SecurityAlert> raise(NewAlert alert) {
        if (recentKeys.getIfPresent(alert.key()) != null) {
            return Optional.empty();
        }
        try {
            Optional<SecurityAlertStore.Raised> raised = store.add(alert, limits);
            recentKeys.put(alert.key(), Boolean.TRUE);
            raised.ifPresent(this::announce);
            return raised.map(SecurityAlertStore.Raised::alert);
        } catch (RuntimeException e) {
            LOG.warn("could not raise a {} alert for user {}: {}", alert.rule().wireName(), alert.userId(), e.toString());
            return Optional.empty();
        }
    }

    private void announce(SecurityAlertStore.Raised raised) {
        SecurityAlert alert = raised.alert();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("rule", alert.rule().wireName());
        details.put("alert_id", Long.toString(alert.id()));
        details.put("notified", Boolean.toString(alert.notified()));
        audit.record(AuditAction.SECURITY_ALERT, alert.userId(), null, alert.tokenId(),
                new Origin(alert.ip(), alert.userAgent()), details);
        counters.raised(alert.rule(), alert.notified());
        if (alert.notified()) {
            notifier.tell(notice(alert, raised.heldBack()));
        }
    }

    static Notice notice(SecurityAlert alert, int heldBack) {
        StringBuilder text = new StringBuilder(alert.message()).append("\n\n");
        if (heldBack > 0) {
            text.append("And ").append(heldBack).append(heldBack == 1 ? " more alert" : " more alerts")
                    .append(" since the last one you were told of, held back so that your inbox is not flooded.\n\n");
        }
        text.append(SEE_ALL);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("alert_id", Long.toString(alert.id()));
        fields.put("rule", alert.rule().wireName());
        fields.put("at", alert.at().toString());
        if (alert.tokenId() != null) {
            fields.put("token_id", alert.tokenId().toString());
        }
        putIfPresent(fields, "token_name", alert.details().get("token_name"));
        putIfPresent(fields, "ip", alert.ip());
        putIfPresent(fields, "user_agent", alert.userAgent());
        fields.put("held_back", Integer.toString(heldBack));
        return new Notice(alert.userId(), event(alert.rule()), NOTICE_KEY_PREFIX + alert.id(),
                "Security alert: " + alert.rule().title(), text.toString(), fields);
    }

    /** The event of the rule's notices, {@code alert.<rule>}. */
    static String event(AlertRule rule) {
        return "alert." + rule.wireName();
    }

    private static void putIfPresent(Map<String, String> fields, String name, String value) {
        if (value != null) {
            fields.put(name, value);
        }
    }

    /** One page of the user's alerts, newest first; {@code beforeId} null starts at the newest. */
    public List<SecurityAlert> page(long userId, Long beforeId, int limit) {
        return store.listForUser(userId, beforeId, limit);
    }

    /** Marks one of the user's alerts as seen; refused as not found when the user has no such alert. */
    public SecurityAlert acknowledge(long userId, long id, java.time.Instant at) {
        return store.acknowledge(userId, id, at).orElseThrow(Refusal::notFound);
    }

    /** "from 203.0.113.9 (curl/8.5.0)", as alert messages name an origin. */
    static String from(String ip, String userAgent) {
        String where = ip == null ? "from an unknown address" : "from " + shown(ip);
        return userAgent == null || userAgent.isEmpty() ? where : where + " (" + shown(userAgent) + ")";
    }

    /**
     * A value the caller chose (a user agent) as a message shows it: control characters as spaces
     * and at most {@value #SHOWN_LENGTH} characters, so it cannot forge lines of the notice.
     */
    static String shown(String value) {
        StringBuilder shown = new StringBuilder(Math.min(value.length(), SHOWN_LENGTH + 1));
        for (int i = 0; i < value.length() && shown.length() < SHOWN_LENGTH; i++) {
            char c = value.charAt(i);
            shown.append(Character.isISOControl(c) ? ' ' : c);
        }
        return value.length() > SHOWN_LENGTH ? shown.append('…').toString() : shown.toString();
    }

    /** "'deploy' (id 3)", as alert messages name a token: never its secret. */
    static String token(String name, long id) {
        return "'" + name + "' (id " + id + ")";
    }

    static String time(java.time.Instant at) {
        return HumanTime.format(at);
    }
}
