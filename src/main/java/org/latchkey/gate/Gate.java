package org.latchkey.gate;

import java.time.Clock;
import org.latchkey.access.Authorizer;
import org.latchkey.audit.RequestUse;
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
 * the entry's requirement and, through a {@link Passage}, the Authorizer's decision on a target,
 * then records the request's one use; or throws the {@link org.latchkey.Refusal}. Each protocol
 * only shows the answer in its own form.
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
     * Lets a request in, for a protocol that then decides on a target or names the request's use
     * itself: {@link #admit} wrapped in the {@link Passage} that records that use.
     */
    public <C> Passage enter(Entry entry, String credentials, String ip, String userAgent, C client, Steps<? super C> steps) {
        return new Passage(this, entry, admit(entry, credentials, ip, userAgent, client, steps), ip, userAgent);
    }

    /**
     * Lets a request in and answers the caller, allocating nothing of its own (the API's hot path):
     * {@code credentials} is its Authorization header (null lets in an anonymous caller, answered
     * as null, where the entry allows one; such a caller is neither counted nor recorded). A request
     * refused by the entry's requirement is recorded as a denied use. Every request admitted with
     * credentials must {@link #leave}.
     */
    public <C> Principal admit(Entry entry, String credentials, String ip, String userAgent, C client,
                               Steps<? super C> steps) {
        if (credentials == null && entry.anonymous()) {
            return null;
        }
        Principal principal = authenticator.authenticate(credentials, ip, userAgent);
        steps.authenticated(client, principal, entry);
        steps.counted(client, count(principal));
        try {
            entry.requirement().check(principal);
        } catch (AccessDenied denied) {
            leave(entry, principal, ip, userAgent, false);
            throw denied;
        }
        if (entry.recordsRoute()) {
            RequestUse.open();
        }
        return principal;
    }

    /**
     * Records the request's one use of a personal access token (sessions, anonymous callers, and
     * entries whose use is only a decision on a target, as git's, record nothing here): the first
     * allowed decision a service made inside the route ({@link RequestUse}), on its target with the
     * entry's operation, else the entry's own use; {@code allowed} is false when the request was
     * refused for want of a scope or permission, which records the entry's own use as denied.
     */
    public void leave(Entry entry, Principal principal, String ip, String userAgent, boolean allowed) {
        UsageEvent decided = RequestUse.close();
        if (principal != null && !principal.isSession() && entry.recordsRoute()) {
            usage.record(allowed && decided != null ? decided.madeBy(entry.operation(),
                    entry.requirement().acceptedHeader(), ip, userAgent)
                    : UsageEvent.route(principal.token().id(), clock.millis(), entry.operation(),
                            entry.requirement().acceptedHeader(), ip, userAgent, allowed));
        }
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

    /** Records the use a passage's request named, in place of any other. */
    void record(UsageEvent event) {
        RequestUse.close();
        usage.record(event);
    }
}
