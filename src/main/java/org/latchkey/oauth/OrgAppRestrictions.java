package org.latchkey.oauth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.latchkey.ClockTicker;
import org.latchkey.access.AppRestrictions;
import org.latchkey.account.User;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.cluster.Lease;
import org.latchkey.org.Org;
import org.latchkey.token.TokenTraits;
import org.latchkey.token.TokenType;

/**
 * Organisations' OAuth app access restrictions: an organisation that restricts apps lets an app's
 * tokens reach its private resources only once an owner approved the app. What the authoriser asks
 * is answered from memory: the app of each token (a link that never changes) and each
 * organisation's policy, kept for {@link #POLICY_TTL} by the injected clock and dropped when it
 * changes: on this node at once, on the others through the invalidation notices ({@link #orgChanged}),
 * before the changing call returns. A read that overlaps a change is not kept: dropping an
 * organisation's policy waits for a read of it in flight and then drops what it stored.
 */
public final class OrgAppRestrictions implements AppRestrictions {

    /** A policy as read in lease term {@code term}: trusted only in that term. */
    private record Stamped(OrgAppPolicy policy, long term) {
    }

    static final Duration POLICY_TTL = Duration.ofSeconds(30);

    private final OAuthStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final Cache<Long, Optional<OAuthApp>> appOfToken;
    private final Cache<Long, Stamped> policies;
    private final Lease lease;

    public OrgAppRestrictions(OAuthStore store, AuditLog audit, Clock clock) {
        this(store, audit, clock, Lease.always());
    }

    /** One that keeps policies in memory only while this node holds {@code lease}. */
    public OrgAppRestrictions(OAuthStore store, AuditLog audit, Clock clock, Lease lease) {
        this.lease = lease;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.appOfToken = Caffeine.newBuilder().maximumSize(100_000).build();
        this.policies = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(POLICY_TTL)
                .ticker(ClockTicker.of(clock)).build();
    }

    @Override
    public Optional<String> unapprovedApp(long orgId, TokenTraits token) {
        if (token.type() != TokenType.OAUTH_ACCESS) {
            return Optional.empty();
        }
        OrgAppPolicy policy = cachedPolicy(orgId);
        if (!policy.restricted()) {
            return Optional.empty();
        }
        Optional<OAuthApp> app = appOfToken.get(token.id(),
                id -> store.link(id).flatMap(link -> store.findApp(link.appId())));
        if (app.isPresent() && policy.approvedAppIds().contains(app.get().id())) {
            return Optional.empty();
        }
        return Optional.of(app.map(OAuthApp::name).orElseGet(() -> token.stored().name()));
    }

    /**
     * The organisation's policy from memory when read in this lease term, else from the store: a
     * read in flight across a lapse of the lease is stored after the new term's clear, but never
     * trusted in that term.
     */
    private OrgAppPolicy cachedPolicy(long orgId) {
        long term = lease.term();
        if (term == 0) {
            return store.orgPolicy(orgId);
        }
        Stamped stamped = policies.get(orgId, id -> new Stamped(store.orgPolicy(id), term));
        if (stamped.term() == term) {
            return stamped.policy();
        }
        policies.asMap().remove(orgId, stamped);
        return store.orgPolicy(orgId);
    }

    /** Drops the organisation's policy from memory: another node changed it. */
    public void orgChanged(long orgId) {
        policies.invalidate(orgId);
    }

    /** Drops every policy from memory: some changes may have been missed. */
    public void allChanged() {
        policies.invalidateAll();
    }

    public OrgAppPolicy policy(Org org) {
        return store.orgPolicy(org.id());
    }

    /** The live apps the organisation's owners approved, by name. */
    public List<OAuthApp> approvedApps(Org org) {
        return store.orgPolicy(org.id()).approvedAppIds().stream().map(store::findApp).flatMap(Optional::stream)
                .sorted(Comparator.comparing(OAuthApp::name)).toList();
    }

    public void restrict(Org org, boolean restricted, User actor, Origin origin) {
        store.setRestricted(org.id(), restricted);
        policies.invalidate(org.id());
        audit.record(AuditAction.OAUTH_ORG_RESTRICTION_CHANGED, actor.id(), actor.login(), null, origin,
                Map.of("org", org.login(), "restricted", Boolean.toString(restricted)));
    }

    public void approve(Org org, String clientId, boolean approved, User actor, Origin origin) {
        OAuthApp app = Optional.ofNullable(clientId).filter(OAuthApps::plausibleClientId).flatMap(store::findByClientId)
                .orElseThrow(OAuthRefusals::noSuchApp);
        boolean changed = approved ? store.approveForOrg(org.id(), app.id(), actor.login(), clock.instant())
                : store.unapproveForOrg(org.id(), app.id());
        policies.invalidate(org.id());
        if (changed) {
            audit.record(approved ? AuditAction.OAUTH_ORG_APP_APPROVED : AuditAction.OAUTH_ORG_APP_APPROVAL_REMOVED,
                    actor.id(), actor.login(), null, origin, Map.of("org", org.login(), "app", app.name(),
                            "client_id", app.clientId()));
        }
    }
}
