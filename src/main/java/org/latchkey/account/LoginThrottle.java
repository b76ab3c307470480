package org.latchkey.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.latchkey.account.SharedCounts.Kind;

/**
 * Locks out an account after too many failed logins, and an address after too many failed
 * authentications (unknown credentials, wrong passwords: guessing), within a sliding window. A
 * dead token presented too often is throttled on its own (see {@link #deadTokenPresented}), never
 * its address: its holder is not guessing. Nothing else is locked out. Across a cluster, failures
 * and lockouts are merged through {@link SharedCounts}: a failure counts this node's failures in
 * the window plus the other nodes' as of the last sync, and a lockout reached on any node holds on
 * every node once synced.
 */
public final class LoginThrottle {

    private final Clock clock;
    private final Rule userRule;
    private final Rule ipRule;
    private final Cache<String, Failures> users;
    private final Cache<String, Failures> ips;
    private final Rule deadTokenRule;
    private final Cache<Long, Failures> deadTokens;
    private final SharedCounts shared;
    /** The clock as a failure last read it: the caches' ticker, so that recording a failure reads the clock once. */
    private final AtomicLong failureMillis;

    /** A limit: this many failures within the window lock out for the lockout duration. */
    public record Rule(int failures, Duration window, Duration lockout) {
    }

    public LoginThrottle(Clock clock) {
        this(clock, new Rule(10, Duration.ofMinutes(3), Duration.ofMinutes(15)),
                new Rule(30, Duration.ofMinutes(3), Duration.ofMinutes(15)));
    }

    /** Dead tokens follow the address rule's numbers, counted per token. */
    public LoginThrottle(Clock clock, Rule userRule, Rule ipRule) {
        this(clock, userRule, ipRule, SharedCounts.local(clock));
    }

    /** With the default rules, merged with other nodes through {@code shared}. */
    public LoginThrottle(Clock clock, SharedCounts shared) {
        this(clock, new Rule(10, Duration.ofMinutes(3), Duration.ofMinutes(15)),
                new Rule(30, Duration.ofMinutes(3), Duration.ofMinutes(15)), shared);
    }

    public LoginThrottle(Clock clock, Rule userRule, Rule ipRule, SharedCounts shared) {
        this.clock = clock;
        this.shared = shared;
        this.failureMillis = new AtomicLong(clock.millis());
        this.userRule = userRule;
        this.ipRule = ipRule;
        this.deadTokenRule = ipRule;
        this.users = cache(userRule);
        this.ips = cache(ipRule);
        this.deadTokens = cache(deadTokenRule);
    }

    private <K> Cache<K, Failures> cache(Rule rule) {
        // Drained on the calling thread, as the token cache is: a flood of failures would otherwise
        // hand a maintenance task to the common ForkJoinPool every few failures. An entry is stamped
        // with the time of the latest failure (a check does not move it on), so it expires no sooner
        // than window plus lockout after its own last failure, when nothing in it counts any more.
        return Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(rule.window.plus(rule.lockout))
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(failureMillis.get())).executor(Runnable::run).build();
    }

    /** Reads the clock for a failure and hands the reading to the caches' ticker. */
    private long failureNow() {
        long now = clock.millis();
        failureMillis.lazySet(now);
        return now;
    }

    public void checkUser(String login) {
        check(users, key(login), Kind.USER_LOCK, "for this account");
    }

    public void checkIp(String ip) {
        check(ips, ip, Kind.IP_LOCK, "from your address");
    }

    /** Records a failed login; true when this failure locked the account. */
    public boolean userFailed(String login) {
        return fail(users, key(login), userRule, Kind.USER_FAILURE, Kind.USER_LOCK);
    }

    /** Records a failed authentication from an address; true when this failure locked it. */
    public boolean ipFailed(String ip) {
        return ip != null && fail(ips, ip, ipRule, Kind.IP_FAILURE, Kind.IP_LOCK);
    }

    /**
     * {@link #checkIp} then {@link #ipFailed} with one look at the address: refuses ({@link
     * LockedOut}) an address that is locked out, else records a failed authentication from it.
     */
    public void checkIpAndFail(String ip) {
        if (ip == null) {
            return;
        }
        throwIfLockedElsewhere(Kind.IP_LOCK, ip, "from your address");
        long now = failureNow();
        Failures failures = ips.get(ip, k -> new Failures());
        Boolean locked = failures.addUnlessLocked(now, clock, ipRule, elsewhere(Kind.IP_FAILURE, ip, ipRule, now));
        if (locked == null) {
            throwIfLocked(failures, "from your address");
            now = failureNow();
            locked = failures.add(now, clock, ipRule, elsewhere(Kind.IP_FAILURE, ip, ipRule, now));
        }
        shareFailure(ip, ipRule, Kind.IP_FAILURE, Kind.IP_LOCK, locked, now);
    }

    /** Until when presentations of this dead token are refused as too many, or null when they are not. */
    public Instant deadTokenLockedUntil(long tokenId) {
        Instant now = clock.instant();
        Instant until = lockedUntil(deadTokens, tokenId, now);
        Instant elsewhere = lockedElsewhere(Kind.DEAD_TOKEN_LOCK, Long.toString(tokenId), now);
        return until == null || elsewhere != null && elsewhere.isAfter(until) ? elsewhere : until;
    }

    /** Records a presentation of a dead token; true when this one locked it. */
    public boolean deadTokenPresented(long tokenId) {
        return fail(deadTokens, tokenId, deadTokenRule, Kind.DEAD_TOKEN, Kind.DEAD_TOKEN_LOCK);
    }

    private void check(Cache<String, Failures> cache, String key, Kind lock, String what) {
        if (key == null) {
            return;
        }
        throwIfLockedElsewhere(lock, key, what);
        Failures failures = cache.getIfPresent(key);
        if (failures == null) {
            return; // every authentication passes here: no clock read unless the key has failures
        }
        if (failures.isLocked(clock.millis())) {
            throwIfLocked(failures, what);
        }
    }

    private void throwIfLocked(Failures failures, String what) {
        Instant now = clock.instant();
        Instant until = failures.lockedUntil(now);
        if (until != null) {
            throw new LockedOut(what, until, now);
        }
    }

    /** Refuses a key that another node locked out (as of the last sync); no clock read unless one did. */
    private void throwIfLockedElsewhere(Kind lock, String key, String what) {
        if (shared.othersLatest(lock, key) == Long.MIN_VALUE) {
            return;
        }
        Instant now = clock.instant();
        Instant until = lockedElsewhere(lock, key, now);
        if (until != null) {
            throw new LockedOut(what, until, now);
        }
    }

    private Instant lockedElsewhere(Kind lock, String key, Instant now) {
        long latest = shared.othersLatest(lock, key);
        return latest != Long.MIN_VALUE && now.getEpochSecond() < latest ? Instant.ofEpochSecond(latest) : null;
    }

    private long elsewhere(Kind failures, String key, Rule rule, long nowMilli) {
        return shared.enabled() ? shared.othersSince(failures, key, nowMilli / 1000 - rule.window().toSeconds()) : 0;
    }

    private void shareFailure(String key, Rule rule, Kind failure, Kind lock, boolean locked, long nowMilli) {
        if (!shared.enabled()) {
            return;
        }
        long now = nowMilli / 1000;
        shared.add(failure, key, now, 1);
        if (locked) {
            shared.add(lock, key, now + rule.lockout().toSeconds(), 1);
        }
    }

    private static <K> Instant lockedUntil(Cache<K, Failures> cache, K key, Instant now) {
        Failures failures = cache.getIfPresent(key);
        return failures == null ? null : failures.lockedUntil(now);
    }

    private <K> boolean fail(Cache<K, Failures> cache, K key, Rule rule, Kind failure, Kind lock) {
        String shareKey = key.toString();
        long now = failureNow();
        boolean locked = cache.get(key, k -> new Failures()).add(now, clock, rule, elsewhere(failure, shareKey, rule, now));
        shareFailure(shareKey, rule, failure, lock, locked, now);
        return locked;
    }

    private static String key(String login) {
        return login == null ? null : login.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The failures of one key within the window, as epoch milliseconds in a ring (a power of two
     * long) that doubles when full, and the end of its lockout. Recording a failure allocates nothing once the ring is
     * large enough; the lockout's end is kept exactly, as an instant.
     */
    private static final class Failures {
        private long[] times = new long[8];
        private int first;
        private int count;
        private Instant lockedUntil;
        private long lockedUntilMilli = Long.MIN_VALUE;

        /** Whether locked at {@code nowMilli}, to the millisecond; {@link #lockedUntil} decides exactly. */
        synchronized boolean isLocked(long nowMilli) {
            return nowMilli <= lockedUntilMilli;
        }

        synchronized Instant lockedUntil(Instant now) {
            return lockedUntil != null && now.isBefore(lockedUntil) ? lockedUntil : null;
        }

        /**
         * {@link #add}, unless locked at this millisecond (then null, and nothing is added: whether
         * it is still locked to the instant is for the caller to decide).
         */
        synchronized Boolean addUnlessLocked(long now, Clock clock, Rule rule, long elsewhere) {
            if (now <= lockedUntilMilli) {
                return null;
            }
            return addAt(now, clock, rule, elsewhere);
        }

        /** Adds a failure; {@code elsewhere} is the other nodes' count within the window. */
        synchronized boolean add(long now, Clock clock, Rule rule, long elsewhere) {
            return addAt(now, clock, rule, elsewhere);
        }

        private boolean addAt(long now, Clock clock, Rule rule, long elsewhere) {
            long windowStart = now - rule.window().toMillis();
            while (count > 0 && times[first] <= windowStart) {
                first = (first + 1) & (times.length - 1);
                count--;
            }
            append(now);
            if (count + elsewhere >= rule.failures() && now >= lockedUntilMilli) {
                Instant exactly = clock.instant();
                if (lockedUntil(exactly) == null) {
                    lockedUntil = exactly.plus(rule.lockout());
                    lockedUntilMilli = lockedUntil.toEpochMilli();
                    first = 0;
                    count = 0;
                    return true;
                }
            }
            return false;
        }

        private void append(long now) {
            if (count == times.length) {
                long[] larger = new long[times.length * 2];
                for (int i = 0; i < count; i++) {
                    larger[i] = times[(first + i) & (times.length - 1)];
                }
                times = larger;
                first = 0;
            }
            times[(first + count) & (times.length - 1)] = now;
            count++;
        }
    }
}
