package org.latchkey.gate;

import org.latchkey.access.Action;
import org.latchkey.access.Decision;
import org.latchkey.access.Target;
import org.latchkey.audit.UsageEvent;
import org.latchkey.audit.UsageSink;
import org.latchkey.audit.UsageSource;
import org.latchkey.auth.Principal;

/**
 * A request let through the {@link Gate}: who is calling (null when anonymous) and the request's
 * one use, recorded when it {@link #leave leaves}. A decision on a target, or a use a handler
 * records here (as a {@link UsageSink}), replaces the entry's own use, so a request is recorded
 * once however many checks it passes.
 */
public final class Passage implements UsageSink {

    private final Gate gate;
    private final Entry entry;
    private final Principal principal;
    private final String ip;
    private final String userAgent;
    private UsageEvent use;
    private boolean left;

    Passage(Gate gate, Entry entry, Principal principal, String ip, String userAgent) {
        this.gate = gate;
        this.entry = entry;
        this.principal = principal;
        this.ip = ip;
        this.userAgent = userAgent;
    }

    /** The caller, or null for an anonymous request. */
    public Principal principal() {
        return principal;
    }

    public boolean anonymous() {
        return principal == null;
    }

    /**
     * The Authorizer's decision for an action on a target; when it is allowed, that action on that
     * target is the request's use. The caller acts on a denial.
     */
    public Decision decide(Action action, Target target) {
        return gate.authorizer().decideUse(principal, action, target,
                new UsageSource(entry.kind(), entry.operation(), ip, userAgent, this));
    }

    /** Takes the use a handler names (the first one) as the request's use. */
    @Override
    public void record(UsageEvent event) {
        if (use == null) {
            use = event;
        }
    }

    /**
     * Records the request's one use of a personal access token: the use decided or named, else the
     * entry's own (see {@link Gate#leave}). Later calls record nothing.
     */
    public void leave(boolean allowed) {
        if (left) {
            return;
        }
        left = true;
        if (use != null) {
            gate.record(use);
        } else {
            gate.leave(entry, principal, ip, userAgent, allowed);
        }
    }
}
