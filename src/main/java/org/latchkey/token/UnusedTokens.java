package org.latchkey.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revokes personal access tokens nobody used for too long (as GitHub does after a year): a token
 * whose last use, or creation if it was never used, is older than the server's setting (default
 * {@value #DEFAULT_DAYS} days; 0 turns it off), or, for a fine-grained token, older than the
 * shortest {@code revoke_unused_after_days} of the organisations it acts on. Each is revoked with
 * reason {@code unused}, audited as {@code token.revoked_unused} and handed to {@link #onRevoked}
 * listeners (the owner's notice). A background thread runs it hourly; every node may run it, since
 * a token is revoked, and reported, once.
 */
public final class UnusedTokens implements AutoCloseable {

    public static final int DEFAULT_DAYS = 365;
    static final long INTERVAL_MILLIS = Duration.ofHours(1).toMillis();
    private static final long FIRST_RUN_MILLIS = Duration.ofMinutes(2).toMillis();
    private static final Logger LOG = LoggerFactory.getLogger(UnusedTokens.class);

    /** Told of each token this job revoked, with the days of disuse that revoked it. */
    @FunctionalInterface
    public interface Listener {
        void revoked(Token token, int days);
    }

    private final TokenStore store;
    private final TokenCache cache;
    private final AuditLog audit;
    private final Clock clock;
    private final int serverDays;
    private final LongFunction<TokenPolicy> policyOf;
    private final Supplier<Integer> shortestPolicyDays;
    private final Runnable flushUsage;
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private ScheduledExecutorService scheduler;

    /**
     * @param serverDays         days of disuse after which any personal token is revoked; 0: never
     * @param policyOf           an owner's token policy (organisations may set a shorter time)
     * @param shortestPolicyDays the shortest time any organisation sets, or null
     * @param flushUsage         writes pending last-used times first, so a token in use is not taken for idle
     */
    public UnusedTokens(TokenStore store, TokenCache cache, AuditLog audit, Clock clock, int serverDays,
                        LongFunction<TokenPolicy> policyOf, Supplier<Integer> shortestPolicyDays, Runnable flushUsage) {
        if (serverDays < 0) {
            throw new IllegalArgumentException("days before unused tokens are revoked must be 0 (never) or more, was " + serverDays);
        }
        this.store = store;
        this.cache = cache;
        this.audit = audit;
        this.clock = clock;
        this.serverDays = serverDays;
        this.policyOf = policyOf;
        this.shortestPolicyDays = shortestPolicyDays;
        this.flushUsage = flushUsage;
    }

    public void onRevoked(Listener listener) {
        listeners.add(listener);
    }

    /** Runs {@link #revokeUnused} in the background, hourly, from two minutes after the start. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "latchkey-unused-tokens");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::revokeQuietly, FIRST_RUN_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Revokes every token unused for too long as the clock now has it; answers how many. */
    public int revokeUnused() {
        Integer shortest = shortestPolicyDays.get();
        int widest = serverDays == 0 ? (shortest == null ? 0 : shortest) : shortest == null ? serverDays
                : Math.min(serverDays, shortest);
        if (widest == 0) {
            return 0;
        }
        flushUsage.run();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int revoked = 0;
        for (Token token : store.listIdle(now.minus(Duration.ofDays(widest)), now)) {
            Integer days = daysFor(token);
            if (days != null && revoke(token, days, now)) {
                revoked++;
            }
        }
        if (revoked > 0) {
            LOG.info("revoked {} token(s) unused for too long", revoked);
        }
        return revoked;
    }

    /** The days of disuse after which this token goes, or null if never. */
    private Integer daysFor(Token token) {
        Integer days = serverDays == 0 ? null : serverDays;
        if (token.isFineGrained()) {
            for (ResourceGrant grant : token.fineGrained().resources()) {
                Integer policy = policyOf.apply(grant.ownerId()).revokeUnusedAfterDays();
                if (policy != null && (days == null || policy < days)) {
                    days = policy;
                }
            }
        }
        return days;
    }

    private boolean revoke(Token token, int days, Instant now) {
        Instant idleSince = now.minus(Duration.ofDays(days));
        Token revoked = store.revokeIdle(token.id(), idleSince, RevocationReason.UNUSED, now).orElse(null);
        if (revoked == null) {
            return false;
        }
        cache.invalidate(token.hash());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("name", token.name());
        details.put("last_used_at", token.usage().lastUsedAt() == null ? "never" : token.usage().lastUsedAt().toString());
        details.put("unused_days", Integer.toString(days));
        audit.record(AuditAction.TOKEN_REVOKED_UNUSED, token.userId(), null, token.id(), Origin.INTERNAL, details);
        for (Listener listener : listeners) {
            try {
                listener.revoked(revoked, days);
            } catch (RuntimeException e) {
                LOG.warn("could not tell the owner of token {} it was revoked as unused: {}", token.id(), e.toString());
            }
        }
        return true;
    }

    private void revokeQuietly() {
        try {
            revokeUnused();
        } catch (RuntimeException e) {
            LOG.warn("could not revoke unused tokens: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
