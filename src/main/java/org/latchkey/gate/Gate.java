package org.latchkey.gate;

import java.time.Clock;
import org.latchkey.access.Authorizer;
import org.latchkey.audit.UsageEvent;
import org.latchkey.audit.UsageSink;
import org.latchkey.auth.AccessDenied;
import org.latchkey.auth.Authenticator;
import org.latchkey.auth.Principal;
import org.latchkey.auth.RateLimitStatus;
import org.latchkey.auth.RateLimited;
import org.latchkey.auth.RateLimiter;
import org.latchkey.metrics.Metrics;

/**
 * The one way in for every authenticated request, whatever its protocol (API, git, npm): reads the
 * credentials and authenticates them, counts the request against the token's hourly limit, checks
 * the entry's requirement, and hands back a {@link Passage} that authorises targets and records the
 * request's one use; or throws the {@link org.latchkey.Refusal}. Each protocol only shows the
 * answer in its own form.
 */
public final class Gate {

    /** What a protocol shows its client as the gate passes a step (the API's headers); nothing by default. */
    public interface Steps<C> {
        default void authenticated(C client, Principal principal, Entry entry) {
        }

        default void counted(C client, RateLimitStatus status) {
        }
    }

    private static final Steps<Object> SILENT = new Steps<>() { };

    private final Authenticator authenticator;
    private final RateLimiter rateLimiter;
    private final Authorizer authorizer;
    private final UsageSink usage;
    private final Clock clock;
    private final Metrics metrics;

    public Gate(Authenticator authenticator, RateLimiter rateLimiter, Authorizer authorizer, UsageSink usage, Clock clock,
                Metrics metrics) {
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.authorizer = authorizer;
        this.usage = usage;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** {@link #enter(Entry, String, String, String, Object, Steps)} for a protocol that shows nothing along the way. */
    public Passage enter(Entry entry, String credentials, String ip, String userAgent) {
        return enter(entry, credentials, ip, userAgent, null, SILENT);
    }

    /**
     * Lets a request in: {@code credentials} is its Authorization header (null lets in an anonymous
     * caller where the entry allows one, neither counted nor recorded). A request refused by the
     * entry's requirement is recorded as a denied use.
     */
    public <C> Passage enter(Entry entry, String credentials, String ip, String userAgent, C client, Steps<? super C> steps) {
        if (credentials == null && entry.anonymous()) {
            return new Passage(this, entry, null, RateLimitStatus.UNLIMITED, ip, userAgent);
        }
        Principal principal = authenticator.authenticate(credentials, ip, userAgent);
        steps.authenticated(client, principal, entry);
        RateLimitStatus status = count(principal);
        steps.counted(client, status);
        Passage passage = new Passage(this, entry, principal, status, ip, userAgent);
        try {
            entry.requirement().check(principal);
        } catch (AccessDenied denied) {
            passage.leave(false);
            throw denied;
        }
        return passage;
    }

    private RateLimitStatus count(Principal principal) {
        try {
            return rateLimiter.acquire(principal);
        } catch (RateLimited limited) {
            metrics.authRateLimited();
            throw limited;
        }
    }

    Authorizer authorizer() {
        return authorizer;
    }

    long now() {
        return clock.millis();
    }

    void record(UsageEvent event) {
        usage.record(event);
    }
}
