package org.latchkey.org;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.latchkey.InvalidField;
import org.latchkey.Refusal;
import org.latchkey.Text;
import org.latchkey.access.Action;
import org.latchkey.access.Authorizer;
import org.latchkey.access.OrgRole;
import org.latchkey.access.Target;
import org.latchkey.account.TwoFactorStatus;
import org.latchkey.account.User;
import org.latchkey.account.UserStore;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.auth.Principal;
import org.latchkey.token.TokenPolicy;

/**
 * Organisations: creating them, their members and roles, and their token policy. Changes take
 * effect at once on every token, since authorisation reads membership and policy at each decision.
 */
public final class OrgService {

    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?");

    private final OrgStore orgs;
    private final UserStore users;
    private final Authorizer authorizer;
    private final AuditLog audit;
    private final Clock clock;
    private final TwoFactorStatus twoFactor;

    public OrgService(OrgStore orgs, UserStore users, Authorizer authorizer, TwoFactorStatus twoFactor, AuditLog audit,
                      Clock clock) {
        this.orgs = orgs;
        this.users = users;
        this.authorizer = authorizer;
        this.twoFactor = twoFactor;
        this.audit = audit;
        this.clock = clock;
    }

    public Org create(Principal principal, String login, Origin origin) {
        if (login == null || login.isEmpty()) {
            throw InvalidField.missing("login");
        }
        if (!LOGIN.matcher(login).matches()) {
            throw InvalidField.invalid("login", "may contain only letters, digits and single hyphens, 1 to 39 characters");
        }
        Org org = orgs.create(login, principal.user().id(), clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .orElseThrow(() -> InvalidField.alreadyExists("login", "'" + login + "' is already taken"));
        record(AuditAction.ORG_CREATED, principal, org, origin, Map.of());
        return org;
    }

    public Org get(String login) {
        return orgs.find(login).orElseThrow(() -> notFound(login));
    }

    public List<Org> mine(Principal principal) {
        return orgs.orgsOf(principal.user().id());
    }

    /** The caller's role in an organisation they belong to; empty for one they do not. */
    public java.util.Optional<OrgRole> role(Principal principal, Org org) {
        return orgs.role(org.id(), principal.user().id());
    }

    /**
     * The token policy of an organisation as its members see it when they make a token for it
     * (changing it stays with the owners); an organisation the caller does not belong to is not found.
     */
    public TokenPolicy policyForMember(Principal principal, Org org) {
        if (role(principal, org).isEmpty()) {
            throw notFound(org.login());
        }
        return orgs.policy(org.id());
    }

    public List<Membership> members(Principal principal, String orgLogin) {
        Org org = get(orgLogin);
        authorizer.authorize(principal, Action.READ_MEMBERS, target(org));
        return orgs.members(org.id());
    }

    public void putMember(Principal principal, String orgLogin, String userLogin, String roleName, Origin origin) {
        Org org = get(orgLogin);
        authorizer.authorize(principal, Action.WRITE_MEMBERS, target(org));
        OrgRole role = roleName == null ? OrgRole.MEMBER : OrgRole.fromWireName(roleName)
                .orElseThrow(() -> InvalidField.invalid("role", "must be owner or member"));
        User user = users.findByLogin(userLogin).orElseThrow(() -> noSuchUser(userLogin));
        if (role == OrgRole.MEMBER) {
            keepAnOwner(org, user.id());
        }
        orgs.putMember(org.id(), user.id(), role, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        record(AuditAction.ORG_MEMBER_SET, principal, org, origin, Map.of("member", user.login(), "role", role.wireName()));
    }

    public void removeMember(Principal principal, String orgLogin, String userLogin, Origin origin) {
        Org org = get(orgLogin);
        authorizer.authorize(principal, Action.WRITE_MEMBERS, target(org));
        User user = users.findByLogin(userLogin).orElseThrow(() -> noSuchUser(userLogin));
        keepAnOwner(org, user.id());
        if (!orgs.removeMember(org.id(), user.id())) {
            throw noSuchUser(userLogin + " in " + org.login());
        }
        record(AuditAction.ORG_MEMBER_REMOVED, principal, org, origin, Map.of("member", user.login()));
        audit.record(AuditAction.ORG_MEMBER_REMOVED, user.id(), principal.user().login(), null, origin,
                Map.of("org", org.login()));
    }

    /** The organisation, if the caller may manage it (its owners). */
    public Org managed(Principal principal, String orgLogin) {
        Org org = get(orgLogin);
        authorizer.authorize(principal, Action.MANAGE_ORG, target(org));
        return org;
    }

    public TokenPolicy policy(Principal principal, String orgLogin) {
        return orgs.policy(managed(principal, orgLogin).id());
    }

    public TokenPolicy putPolicy(Principal principal, String orgLogin, TokenPolicy policy, Origin origin) {
        Org org = managed(principal, orgLogin);
        if (policy.maxLifetimeDays() != null
                && (policy.maxLifetimeDays() < 1 || policy.maxLifetimeDays() > TokenPolicy.DEFAULT_MAX_LIFETIME_DAYS)) {
            throw InvalidField.invalid("max_lifetime_days", "must be between 1 and " + TokenPolicy.DEFAULT_MAX_LIFETIME_DAYS);
        }
        if (policy.revokeUnusedAfterDays() != null && (policy.revokeUnusedAfterDays() < 1
                || policy.revokeUnusedAfterDays() > TokenPolicy.MAX_REVOKE_UNUSED_AFTER_DAYS)) {
            throw InvalidField.invalid("revoke_unused_after_days", "must be between 1 and "
                    + TokenPolicy.MAX_REVOKE_UNUSED_AFTER_DAYS);
        }
        if (policy.requireTwoFactor() && !twoFactor.enabled(principal.user().id())) {
            throw InvalidField.invalid("require_two_factor", "needs two-factor authentication on your own account first:"
                    + " enable it at /settings/security");
        }
        orgs.putPolicy(org.id(), policy);
        record(AuditAction.ORG_POLICY_CHANGED, principal, org, origin, Map.of(
                "forbid_classic", Boolean.toString(policy.forbidClassic()),
                "max_lifetime_days", policy.maxLifetimeDays() == null ? "none" : policy.maxLifetimeDays().toString(),
                "require_approval", Boolean.toString(policy.requireApproval()),
                "revoke_unused_after_days", policy.revokeUnusedAfterDays() == null ? "none"
                        : policy.revokeUnusedAfterDays().toString(),
                "require_two_factor", Boolean.toString(policy.requireTwoFactor())));
        return policy;
    }

    /** The organisation as the target of an owner-level decision. */
    public static Target target(Org org) {
        return Target.owner(org.id(), org.login(), true);
    }

    private void keepAnOwner(Org org, long userId) {
        boolean lastOwner = orgs.members(org.id()).stream()
                .filter(member -> member.role() == OrgRole.OWNER)
                .allMatch(member -> member.userId() == userId);
        if (lastOwner) {
            throw lastOwner(org.login());
        }
    }

    private void record(AuditAction action, Principal principal, Org org, Origin origin, Map<String, String> extra) {
        Map<String, String> details = new HashMap<>(extra);
        details.put("org", org.login());
        audit.record(action, org.id(), principal.user().login(), principal.token().id(), origin, details);
        audit.record(action, principal.user().id(), principal.user().login(), principal.token().id(), origin, details);
    }

    /** No organisation by that name. */
    private static Refusal notFound(String login) {
        return Refusal.notFound("org_not_found", "Organisation " + Text.quoted(login, "by that name") + " not found.");
    }

    private static Refusal noSuchUser(String login) {
        return Refusal.notFound("user_not_found", "User " + Text.quoted(login, "by that name") + " not found.");
    }

    /** A change that would leave an organisation without an owner. */
    private static Refusal lastOwner(String org) {
        return Refusal.conflict("last_owner", org + " must keep at least one owner; make someone else an owner first.");
    }
}
