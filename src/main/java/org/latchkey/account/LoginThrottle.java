package org.latchkey.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import org.latchkey.ClockTicker;

/**
 * Locks out an account after too many failed logins, and an address after too many failed
 * authentications (unknown credentials, wrong passwords: guessing), within a sliding window. A
 * dead token presented too often is throttled on its own (see {@link #deadTokenPresented}), never
 * its address: its holder is not guessing. Nothing else is locked out.
 */
public final class LoginThrottle {

    private final Clock clock;
    private final Rule userRule;
    private final Rule ipRule;
    private final Cache<String, Failures> users;
    private final Cache<String, Failures> ips;
    private final Rule deadTokenRule;
    private final Cache<Long, Failures> deadTokens;

    /** A limit: this many failures within the window lock out for the lockout duration. */
    public record Rule(int failures, Duration window, Duration lockout) {
    }

    public LoginThrottle(Clock clock) {
        this(clock, new Rule(10, Duration.ofMinutes(3), Duration.ofMinutes(15)),
                new Rule(30, Duration.ofMinutes(3), Duration.ofMinutes(15)));
    }

    /** Dead tokens follow the address rule's numbers, counted per token. */
    public LoginThrottle(Clock clock, Rule userRule, Rule ipRule) {
        this.clock = clock;
        this.userRule = userRule;
        this.ipRule = ipRule;
        this.deadTokenRule = ipRule;
        this.users = cache(userRule);
        this.ips = cache(ipRule);
        this.deadTokens = cache(deadTokenRule);
    }

    private <K> Cache<K, Failures> cache(Rule rule) {
        return Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(rule.window.plus(rule.lockout))
                .ticker(ClockTicker.of(clock)).build();
    }

    public void checkUser(String login) {
        check(users, key(login), "for this account");
    }

    public void checkIp(String ip) {
        check(ips, ip, "from your address");
    }

    /** Records a failed login; true when this failure locked the account. */
    public boolean userFailed(String login) {
        return fail(users, key(login), userRule);
    }

    /** Records a failed authentication from an address; true when this failure locked it. */
    public boolean ipFailed(String ip) {
        return ip != null && fail(ips, ip, ipRule);
    }

    /** Until when presentations of this dead token are refused as too many, or null when they are not. */
    public Instant deadTokenLockedUntil(long tokenId) {
        return lockedUntil(deadTokens, tokenId, clock.instant());
    }

    /** Records a presentation of a dead token; true when this one locked it. */
    public boolean deadTokenPresented(long tokenId) {
        return fail(deadTokens, tokenId, deadTokenRule);
    }

    private void check(Cache<String, Failures> cache, String key, String what) {
        if (key == null) {
            return;
        }
        Failures failures = cache.getIfPresent(key);
        if (failures == null) {
            return; // every authentication passes here: no clock read unless the key has failures
        }
        Instant now = clock.instant();
        Instant until = failures.lockedUntil(now);
        if (until != null) {
            throw new LockedOut(what, until, now);
        }
    }

    private static <K> Instant lockedUntil(Cache<K, Failures> cache, K key, Instant now) {
        Failures failures = cache.getIfPresent(key);
        return failures == null ? null : failures.lockedUntil(now);
    }

    private <K> boolean fail(Cache<K, Failures> cache, K key, Rule rule) {
        return cache.get(key, k -> new Failures()).add(clock.instant(), rule);
    }

    private static String key(String login) {
        return login == null ? null : login.toLowerCase(java.util.Locale.ROOT);
    }

    private static final class Failures {
        private final ArrayDeque<Instant> times = new ArrayDeque<>();
        private Instant lockedUntil;

        synchronized Instant lockedUntil(Instant now) {
            return lockedUntil != null && now.isBefore(lockedUntil) ? lockedUntil : null;
        }

        synchronized boolean add(Instant now, Rule rule) {
            Instant windowStart = now.minus(rule.window());
            while (!times.isEmpty() && !times.peekFirst().isAfter(windowStart)) {
                times.pollFirst();
            }
            times.addLast(now);
            if (times.size() >= rule.failures() && lockedUntil(now) == null) {
                lockedUntil = now.plus(rule.lockout());
                times.clear();
                return true;
            }
            return false;
        }
    }
}
