package org.latchkey.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.latchkey.metrics.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.latchkey.account.UserChanges;
import org.latchkey.account.TwoFactorStatus;
import org.latchkey.account.User;
import org.latchkey.account.UserStore;
import org.latchkey.audit.UsageRecorder;
import org.latchkey.cluster.Lease;
import org.latchkey.token.Token;
import org.latchkey.token.TokenCache;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenStore;

/**
 * Finds the principal for a token hash: from memory on a hit (no database work), from the store on
 * a miss, with the owner's two-factor state. A cached principal is trusted only while this node
 * holds its {@link Lease} and in the lease term it was loaded in (one volatile read and a
 * monotonic clock read); without a lease every lookup is answered from the store and nothing is
 * cached (slower, never stale). docs/architecture.md argues why no interleaving lets a stale
 * entry through. Unknown hashes are not cached; entries idle for
 * {@link #IDLE} are dropped, by the injected clock. Loads and invalidations of one key are
 * serialised by the cache, so once {@link #invalidate} returns no stale entry can remain.
 * {@link #invalidateAll} and {@link #userChanged} do not wait for loads in flight (Caffeine
 * leaves them undefined), so a load that overlaps one is dropped from the cache as soon as it
 * completes.
 */
public final class TokenLookup implements TokenCache, UserChanges {

    static final Duration IDLE = Duration.ofMinutes(30);
    static final String DELETED_LOGIN = "(deleted account)";

    private final Cache<TokenHash, Principal> cache;
    private final TokenStore tokens;
    private final UserStore users;
    private final TwoFactorStatus twoFactor;
    private final UsageRecorder usage;
    private final Clock clock;
    private final LastReading time;
    private final AtomicLong clears = new AtomicLong();
    private final Timer storeLookup;
    private final Lease lease;

    public TokenLookup(TokenStore tokens, UserStore users, TwoFactorStatus twoFactor, UsageRecorder usage, Clock clock) {
        this(tokens, users, twoFactor, usage, clock, Metrics.unpublished());
    }

    /** Publishes the cache's size and hit ratio, and times the store lookups of cache misses. */
    public TokenLookup(TokenStore tokens, UserStore users, TwoFactorStatus twoFactor, UsageRecorder usage, Clock clock,
                       Metrics metrics) {
        this(tokens, users, twoFactor, usage, clock, metrics, Lease.always());
    }

    /** One that trusts its cache only while {@code lease} is held. */
    public TokenLookup(TokenStore tokens, UserStore users, TwoFactorStatus twoFactor, UsageRecorder usage, Clock clock,
                       Metrics metrics, Lease lease) {
        this.lease = lease;
        this.tokens = tokens;
        this.users = users;
        this.twoFactor = twoFactor;
        this.usage = usage;
        this.clock = clock;
        this.time = new LastReading(clock.millis());
        // Caffeine records every read in a small buffer and, by default, drains it on the common
        // ForkJoinPool: a task hand-off and a thread wake-up every few reads, which cost a cache
        // hit more than the rest of authentication. Draining on the reading thread is a little
        // bookkeeping, done by whichever thread fills the buffer.
        this.cache = Caffeine.newBuilder()
                .maximumSize(200_000)
                .expireAfterAccess(IDLE)
                .ticker(time)
                .executor(Runnable::run)
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(metrics.registry(), cache, "tokens");
        this.storeLookup = metrics.storeLookup();
    }

    /** The principal for a hash, or null when no token has it. */
    public Principal find(TokenHash hash) {
        return find(hash, clock.millis());
    }

    /**
     * {@link #find(TokenHash)} at {@code nowMillis}, the caller's reading of the clock this lookup
     * was built with. The cache's idle expiry uses that reading instead of reading the clock again:
     * on a cache hit the clock read costs as much as the rest of the lookup.
     */
    public Principal find(TokenHash hash, long nowMillis) {
        time.set(nowMillis);
        Principal cached = cache.getIfPresent(hash);
        long term = lease.term();
        if (cached != null && cached.leaseTerm() == term) {
            return cached;
        }
        if (term == 0) {
            return load(hash, 0, cached);
        }
        if (cached != null) {
            cache.asMap().remove(hash, cached);
        }
        long clearsBefore = clears.get();
        Principal previous = cached;
        Principal loaded = cache.get(hash, key -> load(key, term, previous));
        if (clears.get() != clearsBefore || loaded != null && loaded.leaseTerm() < term) {
            cache.invalidate(hash);
            if (loaded != null && loaded.leaseTerm() < term) {
                return load(hash, 0, loaded);
            }
        }
        return loaded;
    }

    /** Loads from the store in lease term {@code term}, counting in the rate window of {@code previous} when there is one. */
    private Principal load(TokenHash hash, long term, Principal previous) {
        long start = System.nanoTime();
        try {
            return tokens.findByHash(hash)
                    .flatMap(token -> users.findById(token.userId()).or(() -> deletedOwner(token))
                            .map(user -> new Principal(user, token, usage.slot(token.id()), twoFactor.enabled(user.id()),
                                    term, previous != null && previous.token().id() == token.id()
                                            ? previous.rateWindow() : new RateWindow())))
                    .orElse(null);
        } finally {
            storeLookup.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * A revoked token whose account was deleted: a placeholder owner, so that its holder learns
     * why it was revoked and its presentations count against it, not against the caller's address.
     */
    private static Optional<User> deletedOwner(Token token) {
        return token.revokedAt() == null ? Optional.empty()
                : Optional.of(new User(token.userId(), DELETED_LOGIN, null, false, token.createdAt()));
    }

    @Override
    public void invalidate(TokenHash hash) {
        cache.invalidate(hash);
    }

    public void invalidateAll() {
        clears.incrementAndGet();
        cache.invalidateAll();
    }

    /** Drops every cached token of the user, whose account (admin role, state, two-factor) each of them carries. */
    @Override
    public void userChanged(long userId) {
        clears.incrementAndGet();
        cache.asMap().values().removeIf(principal -> principal.user().id() == userId);
    }

    /**
     * The cache's ticker: the injected clock as the last lookup read it. Written only when the
     * reading changes, at most about once a millisecond however many lookups there are.
     */
    private static final class LastReading implements Ticker {
        private volatile long millis;

        LastReading(long millis) {
            this.millis = millis;
        }

        void set(long nowMillis) {
            if (nowMillis != millis) {
                millis = nowMillis;
            }
        }

        @Override
        public long read() {
            return TimeUnit.MILLISECONDS.toNanos(millis);
        }
    }

    /** How many tokens the cache holds now (an estimate). */
    public long cachedTokens() {
        return cache.estimatedSize();
    }
}
