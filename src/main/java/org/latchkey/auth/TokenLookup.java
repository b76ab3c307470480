package org.latchkey.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.latchkey.metrics.Metrics;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.latchkey.account.UserStore;
import org.latchkey.audit.UsageRecorder;
import org.latchkey.token.TokenCache;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenStore;

/**
 * Finds the principal for a token hash: from memory on a hit (no database work), from the store on
 * a miss. Unknown hashes are not cached. Loads and invalidations of one key are serialised by the
 * cache, so once {@link #invalidate} returns no stale entry can remain. {@link #invalidateAll} does
 * not wait for loads in flight (Caffeine leaves them undefined), so a load that overlaps one is
 * dropped from the cache as soon as it completes.
 */
public final class TokenLookup implements TokenCache {

    private final Cache<TokenHash, Principal> cache;
    private final TokenStore tokens;
    private final UserStore users;
    private final UsageRecorder usage;
    private final AtomicLong clears = new AtomicLong();
    private final Timer storeLookup;

    public TokenLookup(TokenStore tokens, UserStore users, UsageRecorder usage) {
        this(tokens, users, usage, Metrics.unpublished());
    }

    /** Publishes the cache's size and hit ratio, and times the store lookups of cache misses. */
    public TokenLookup(TokenStore tokens, UserStore users, UsageRecorder usage, Metrics metrics) {
        this.tokens = tokens;
        this.users = users;
        this.usage = usage;
        // Caffeine records every read in a small buffer and, by default, drains it on the common
        // ForkJoinPool: a task hand-off and a thread wake-up every few reads, which cost a cache
        // hit more than the rest of authentication. Draining on the reading thread is a little
        // bookkeeping, done by whichever thread fills the buffer.
        this.cache = Caffeine.newBuilder()
                .maximumSize(200_000)
                .expireAfterAccess(Duration.ofMinutes(30))
                .executor(Runnable::run)
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(metrics.registry(), cache, "tokens");
        this.storeLookup = metrics.storeLookup();
    }

    /** The principal for a hash, or null when no token has it. */
    public Principal find(TokenHash hash) {
        Principal cached = cache.getIfPresent(hash);
        if (cached != null) {
            return cached;
        }
        long clearsBefore = clears.get();
        Principal loaded = cache.get(hash, this::load);
        if (clears.get() != clearsBefore) {
            cache.invalidate(hash);
        }
        return loaded;
    }

    private Principal load(TokenHash hash) {
        long start = System.nanoTime();
        try {
            return tokens.findByHash(hash)
                    .flatMap(token -> users.findById(token.userId())
                            .map(user -> new Principal(user, token, usage.slot(token.id()))))
                    .orElse(null);
        } finally {
            storeLookup.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void invalidate(TokenHash hash) {
        cache.invalidate(hash);
    }

    public void invalidateAll() {
        clears.incrementAndGet();
        cache.invalidateAll();
    }
}
