package org.latchkey.alert;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.latchkey.ClockTicker;
import org.latchkey.account.FailedPasswords;
import org.latchkey.audit.Origin;

/**
 * Rule: many failed authentications against one account within an hour: wrong passwords (at
 * sign-in and when a signed-in user confirms it) and revoked or expired tokens of the account.
 * {@value #THRESHOLD} failures within {@link #WINDOW} raise one alert, and counting starts again,
 * so a guesser who stays under the lockout's rate (10 in 3 minutes) is still reported, at most
 * once per {@value #THRESHOLD} failures. Failures are counted in memory on each node; a bad
 * token that matches no account cannot be counted against one.
 */
public final class FailedAuthentications implements FailedPasswords {

    /** How many failures within the window raise an alert. */
    public static final int THRESHOLD = 10;
    public static final Duration WINDOW = Duration.ofHours(1);

    /** What failed. */
    public enum Kind { PASSWORD, TOKEN }

    private final Alerts alerts;
    private final Clock clock;
    private final Cache<Long, Failures> users;

    public FailedAuthentications(Alerts alerts, Clock clock) {
        this.alerts = alerts;
        this.clock = clock;
        this.users = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(WINDOW)
                .ticker(ClockTicker.of(clock)).build();
    }

    /** Counts a wrong password or code against the account. */
    @Override
    public void failed(long userId, String login, Origin origin) {
        failed(userId, login, Kind.PASSWORD, origin);
    }

    /** Counts one failure against the account; raises the alert when it makes {@value #THRESHOLD}. */
    public void failed(long userId, String login, Kind kind, Origin origin) {
        NewAlert alert = users.get(userId, id -> new Failures()).add(userId, login, kind, origin, clock.instant());
        if (alert != null) {
            alerts.raise(alert);
        }
    }

    /** One account's failures within the window. */
    static final class Failures {
        private final ArrayDeque<Failure> recent = new ArrayDeque<>();

        private record Failure(Instant at, Kind kind, String ip) {
        }

        /** Adds a failure; answers the alert when this one reaches the threshold (and starts counting again). */
        synchronized NewAlert add(long userId, String login, Kind kind, Origin origin, Instant now) {
            Instant windowStart = now.minus(WINDOW);
            while (!recent.isEmpty() && !recent.peekFirst().at().isAfter(windowStart)) {
                recent.pollFirst();
            }
            recent.addLast(new Failure(now, kind, origin.ip()));
            if (recent.size() < THRESHOLD) {
                return null;
            }
            NewAlert alert = alert(userId, login, origin, now);
            recent.clear();
            return alert;
        }

        private NewAlert alert(long userId, String login, Origin origin, Instant now) {
            Instant first = recent.peekFirst().at();
            long passwords = recent.stream().filter(failure -> failure.kind() == Kind.PASSWORD).count();
            Set<String> addresses = new HashSet<>();
            recent.forEach(failure -> addresses.add(String.valueOf(failure.ip())));
            Map<String, String> details = new LinkedHashMap<>();
            details.put("failures", Integer.toString(recent.size()));
            details.put("wrong_passwords", Long.toString(passwords));
            details.put("inactive_tokens", Long.toString(recent.size() - passwords));
            details.put("addresses", Integer.toString(addresses.size()));
            details.put("since", first.toString());
            String message = recent.size() + " attempts to authenticate as " + login + " failed between "
                    + Alerts.time(first) + " and " + Alerts.time(now) + " (" + passwords + " with a wrong password, "
                    + (recent.size() - passwords) + " with a revoked or expired token), from " + addresses.size()
                    + (addresses.size() == 1 ? " address" : " addresses") + "; the latest " + Alerts.from(origin.ip(),
                    origin.userAgent()) + ". If that was not you, someone may be guessing your password: choose a"
                    + " strong one you use nowhere else, on the \"Change password\" page (/settings/security/password)"
                    + " or with `latchkey password`.";
            return new NewAlert(userId, null, AlertRule.FAILED_AUTHENTICATIONS, now, origin.ip(), origin.userAgent(),
                    message, details, AlertRule.FAILED_AUTHENTICATIONS.wireName() + ":" + userId + ":" + first.toEpochMilli());
        }
    }
}
