package org.latchkey.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.latchkey.HumanTime;
import org.latchkey.Refusal;
import org.latchkey.account.TwoFactorStatus;
import org.latchkey.account.User;
import org.latchkey.audit.RequestUse;
import org.latchkey.audit.UsageEvent;
import org.latchkey.audit.UsageKind;
import org.latchkey.audit.UsageSink;
import org.latchkey.audit.UsageSource;
import org.latchkey.auth.AccessDenied;
import org.latchkey.auth.Principal;
import org.latchkey.token.FineGrained;
import org.latchkey.token.Permission;
import org.latchkey.token.ResourceGrant;
import org.latchkey.token.Scope;
import org.latchkey.token.Suspension;
import org.latchkey.token.Token;
import org.latchkey.token.TokenPolicy;
import org.latchkey.token.TokenState;
import org.latchkey.token.TokenTraits;
import org.latchkey.token.TokenType;

/**
 * Decides whether a caller may do an action, and says every reason why not. A token can never do
 * more than its account may do at that moment (membership and role are read at each decision), and
 * within that exactly what its scopes, or its permissions on the owners and repositories it lists,
 * allow, under each owner's token policy. An organisation that requires two-factor authentication
 * refuses every token of a member who has not turned it on (sessions included), except to read
 * what is public.
 */
public final class Authorizer {

    private final OwnerDirectory owners;
    private final Clock clock;
    private final UsageSink usage;
    private final TwoFactorStatus twoFactor;
    private final AppRestrictions apps;

    /** An authoriser that records the uses it allows in {@code usage}. */
    public Authorizer(OwnerDirectory owners, TwoFactorStatus twoFactor, Clock clock, UsageSink usage) {
        this(owners, twoFactor, clock, usage, AppRestrictions.NONE);
    }

    /** One that also applies organisations' restrictions of OAuth apps. */
    public Authorizer(OwnerDirectory owners, TwoFactorStatus twoFactor, Clock clock, UsageSink usage,
                      AppRestrictions apps) {
        this.owners = owners;
        this.twoFactor = twoFactor;
        this.clock = clock;
        this.usage = usage;
        this.apps = apps;
    }

    /**
     * Enforces an action a caller is about to take inside an API route: records the use when it is
     * allowed, and throws {@link AccessDenied} with the decisive reason when it is not.
     */
    public void authorize(Principal principal, Action action, Target target) {
        decideUse(principal, action, target, UsageSource.API).orThrow();
    }

    /**
     * The decision for an action a caller is about to take (not a question about one, as the check
     * endpoint asks): when allowed, the use of the caller's personal access token is recorded (by
     * the source's sink when it has one, as the use of the API request being served for an API
     * source). The caller acts on a denial.
     */
    public Decision decideUse(Principal principal, Action action, Target target, UsageSource source) {
        Decision decision = decide(principal, action, target);
        if (decision.allowed() && principal != null && !principal.isSession()) {
            record(new UsageEvent(principal.token().id(), clock.millis(), source.kind(), source.operation(),
                    action.wireName(), target.ownerId(), target.isRepository() ? target.repositoryId() : 0,
                    target.isPrivate(), null, source.ip(), source.userAgent(), true), source);
        }
        return decision;
    }

    /** By the source's sink, else as the use of the API request this thread serves, else in the usage log. */
    private void record(UsageEvent event, UsageSource source) {
        if (source.sink() != null) {
            source.sink().record(event);
        } else if (source.kind() != UsageKind.API || !RequestUse.take(event)) {
            usage.record(event);
        }
    }

    /** Whether the caller (null: anonymous) may do the action; records nothing. */
    public Decision decide(Principal principal, Action action, Target target) {
        return principal == null ? decide(null, null, action, target) : decide(principal.user(), principal.token(), action, target);
    }

    /** The decision for a user acting with a token (both null: anonymous); the token may be expired or revoked. */
    public Decision decide(User user, TokenTraits token, Action action, Target target) {
        List<Denial> denials = new ArrayList<>();
        if (user == null) {
            if (!action.isPublicRead(target)) {
                denials.add(!target.isPrivate() || !target.isRepository()
                        ? Denial.of(Denial.AUTHENTICATION_REQUIRED, Refusal.AUTHENTICATION_REQUIRED_REASON,
                                "Use a personal access token (as the password for git).")
                        : notFound(target));
            }
            return new Decision(action, target, denials);
        }
        tokenState(token, denials);
        boolean org = owners.isOrg(target.ownerId());
        Right right = rightOf(user, target, org);
        if (!right.covers(action.right())) {
            if (right == Right.NONE && (target.isRepository() || target.isPackage())) {
                denials.add(formerMember(token, target, org) ? notMember(user, target) : notFound(target));
                return new Decision(action, target, denials);
            }
            denials.add(rightDenial(user, action, target, org, right));
        }
        if (token != null && !action.isPublicRead(target)) {
            boolean session = token.type() == TokenType.SESSION;
            boolean member = org && right.covers(Right.WRITE);
            TokenPolicy policy = session && !member ? TokenPolicy.DEFAULT : owners.policy(target.ownerId());
            if (member) {
                twoFactorLimit(user, target, policy, denials);
            }
            if (session) {
                return new Decision(action, target, denials);
            }
            if (org && token.type() == TokenType.OAUTH_ACCESS) {
                apps.unapprovedApp(target.ownerId(), token).ifPresent(app -> denials.add(appRestricted(app, target)));
            }
            if (token.isFineGrained()) {
                fineGrainedLimits(token, token.fineGrained(), action, target, policy, denials);
            } else {
                classicLimits(token, action, target, org, policy, clock.instant(), denials);
            }
        }
        return new Decision(action, target, denials);
    }

    private void tokenState(TokenTraits token, List<Denial> denials) {
        if (token == null) {
            return;
        }
        TokenState state = token.stateAt(clock.instant());
        if (state == TokenState.ACTIVE) {
            return;
        }
        if (state == TokenState.EXPIRED) {
            denials.add(Denial.of("token_expired", "This token expired on " + HumanTime.format(token.expiresAt()) + ".",
                    "Regenerate it or create a new token."));
        } else if (state == TokenState.REVOKED) {
            Token stored = token.stored();
            denials.add(Denial.of("token_revoked", "This token was revoked on " + HumanTime.format(stored.revokedAt()) + ": "
                    + stored.revocationReason().explanation() + ".", "Create a new token."));
        } else if (state == TokenState.SUSPENDED) {
            Suspension suspension = token.stored().suspension();
            denials.add(Denial.of("token_suspended", "This token was suspended on "
                    + HumanTime.format(suspension.at()) + " by " + suspension.by() + ".",
                    "Resume it: latchkey token resume " + token.id() + "."));
        }
    }

    private Right rightOf(User user, Target target, boolean org) {
        Right base = (target.isRepository() || target.isPackage()) && !target.isPrivate() ? Right.READ : Right.NONE;
        if (!org) {
            return user.id() == target.ownerId() ? Right.ADMIN : base;
        }
        return owners.role(target.ownerId(), user.id())
                .map(role -> role == OrgRole.OWNER ? Right.ADMIN : Right.WRITE)
                .orElse(base);
    }

    /** A fine-grained token made for this organisation: its holder knows the organisation, so say why. */
    private static boolean formerMember(TokenTraits token, Target target, boolean org) {
        return org && token != null && token.isFineGrained() && token.fineGrained().grantFor(target.ownerId()).isPresent();
    }

    private static Denial notMember(User user, Target target) {
        return Denial.of("not_a_member", user.login() + " is not a member of " + target.ownerLogin() + ".",
                "Ask an owner of " + target.ownerLogin() + " to add you.");
    }

    private static Denial rightDenial(User user, Action action, Target target, boolean org, Right right) {
        if (org && right.compareTo(Right.WRITE) < 0) {
            return notMember(user, target);
        }
        if (!org && user.id() != target.ownerId()) {
            return Denial.of("not_owner", "Permission to " + target.describe() + " denied to " + user.login() + ".",
                    "Only " + target.ownerLogin() + " may do this.");
        }
        return Denial.of("insufficient_role", user.login() + " may not " + describe(action) + " in " + target.describe()
                + ": that needs an owner of " + target.ownerLogin() + ".", "Ask an owner to do it or to make you an owner.");
    }

    private static void classicLimits(TokenTraits token, Action action, Target target, boolean org, TokenPolicy policy,
                                      Instant now, List<Denial> denials) {
        if (org && policy.forbidClassic() && token.type() == TokenType.CLASSIC) {
            denials.add(Denial.of("classic_tokens_forbidden", target.ownerLogin()
                    + " does not allow classic personal access tokens on its resources.",
                    "Create a fine-grained token for " + target.ownerLogin() + " instead."));
        }
        if (org && policy.maxLifetimeDays() != null && token.type() == TokenType.CLASSIC) {
            classicLifetimeLimit(token, target, policy.maxLifetimeDays(), now, denials);
        }
        List<Scope> accepted = action.scopes(target.isPrivate());
        if (!accepted.isEmpty() && accepted.stream().noneMatch(token.scopes()::allows)) {
            denials.add(new Denial(Denial.MISSING_SCOPE, AccessDenied.lacksScope(accepted, "needed to " + describe(action)),
                    AccessDenied.REGENERATE_WITH_SCOPE, AccessDenied.header(accepted)));
        }
    }

    private void fineGrainedLimits(TokenTraits token, FineGrained fineGrained, Action action, Target target, TokenPolicy policy,
                                   List<Denial> denials) {
        Optional<ResourceGrant> found = fineGrained.grantFor(target.ownerId());
        if (found.isEmpty()) {
            denials.add(Denial.of("owner_not_selected", "This token may only act on resources of "
                    + fineGrained.resources().stream().map(ResourceGrant::ownerLogin).collect(Collectors.joining(", "))
                    + ", not " + target.ownerLogin() + ".", "Create a token whose resource owners include " + target.ownerLogin() + "."));
        } else {
            grantLimits(found.get(), target, denials);
        }
        lifetimeLimit(token, target, policy, denials);
        if (!fineGrained.permissions().allows(action.permission(), action.level())) {
            denials.add(new Denial(Denial.MISSING_PERMISSION, "This token lacks the " + action.permissionHeader()
                    + " permission needed to " + describe(action) + ".", "Regenerate it with "
                    + action.permissionHeader() + " or create a new token.", action.permissionHeader()));
        }
        packageLimit(fineGrained, action, target, denials);
    }

    /** A job token reaches only the packages its trust policies name, published or about to be. */
    private static void packageLimit(FineGrained fineGrained, Action action, Target target, List<Denial> denials) {
        if (fineGrained.packages() == null || action.permission() != Permission.PACKAGES) {
            return;
        }
        String name = target.packageAbout();
        if (name == null || !fineGrained.packages().covers(target.ownerLogin(), name)) {
            String which = name == null ? "packages of " + target.ownerLogin()
                    : "@" + target.ownerLogin().toLowerCase(java.util.Locale.ROOT) + "/" + name;
            denials.add(Denial.of("package_not_granted", "This job token may not " + describe(action) + " for " + which
                    + ": its trust policies grant only " + (fineGrained.packages().patterns().isEmpty() ? "no packages"
                    : String.join(", ", fineGrained.packages().patterns())) + ".",
                    "Add the package to the trust policy that matches this job."));
        }
    }

    private static void grantLimits(ResourceGrant grant, Target target, List<Denial> denials) {
        if (target.isRepository() && !grant.covers(target.repositoryId(), target.isPrivate())) {
            denials.add(grant.selection() == ResourceGrant.Selection.PUBLIC
                    ? Denial.of("public_repositories_only", "This token covers only public repositories of "
                            + target.ownerLogin() + ".", "Create a token that selects " + target.describe() + ".")
                    : Denial.of("repository_not_selected", "This token does not select the repository " + target.describe()
                            + ".", "Create a token that selects it (or all repositories of " + target.ownerLogin() + ")."));
        }
        if (grant.approval() == ResourceGrant.Approval.PENDING) {
            denials.add(Denial.of("approval_pending", "This token is waiting for an owner of " + target.ownerLogin()
                    + " to approve it; until then it may only read public repositories.",
                    "Ask an owner of " + target.ownerLogin() + " to approve it."));
        } else if (grant.approval() == ResourceGrant.Approval.DENIED) {
            denials.add(Denial.of("approval_denied", "An owner of " + target.ownerLogin() + " denied this token"
                    + (grant.reason() == null ? "." : ": " + grant.reason()), "Create a new token and request approval again."));
        }
    }

    /**
     * An organisation's maximum lifetime holds for classic tokens too (GitHub's "enforce maximum lifetime
     * for personal access tokens (classic)"): one acts on its resources only while it expires within it.
     */
    private static void classicLifetimeLimit(TokenTraits token, Target target, int maxDays, Instant now, List<Denial> denials) {
        Instant latest = now.plus(Duration.ofDays(maxDays));
        if (token.expiresAt() != null && !token.expiresAt().isAfter(latest)) {
            return;
        }
        denials.add(Denial.of("policy_lifetime_exceeded", target.ownerLogin() + " allows tokens on its resources to live at most "
                + maxDays + " days; this token " + (token.expiresAt() == null ? "has no expiration date."
                        : "expires on " + HumanTime.format(token.expiresAt()) + ", later than that."),
                "Regenerate it with an expiry within " + maxDays + " days, or create a token that expires sooner."));
    }

    private void twoFactorLimit(User user, Target target, TokenPolicy policy, List<Denial> denials) {
        if (policy.requireTwoFactor() && !twoFactor.enabled(user.id())) {
            denials.add(Denial.of(Denial.TWO_FACTOR_REQUIRED, "Organization " + target.ownerLogin()
                    + " requires two-factor authentication; " + user.login() + " has not enabled it.",
                    "Enable it at /settings/security, then try again."));
        }
    }

    private void lifetimeLimit(TokenTraits token, Target target, TokenPolicy policy, List<Denial> denials) {
        if (policy.maxLifetimeDays() == null) {
            return;
        }
        Instant limit = token.createdAt().plus(Duration.ofDays(policy.maxLifetimeDays()));
        if (!clock.instant().isBefore(limit)) {
            denials.add(Denial.of("policy_lifetime_exceeded", target.ownerLogin() + " allows fine-grained tokens to live at most "
                    + policy.maxLifetimeDays() + " days; this token was created on " + HumanTime.format(token.createdAt())
                    + ", so it stopped working on " + target.ownerLogin() + "'s resources on " + HumanTime.format(limit) + ".",
                    "Create a new token with an expiry within " + policy.maxLifetimeDays() + " days."));
        }
    }

    private static Denial appRestricted(String app, Target target) {
        return Denial.of("oauth_app_not_approved", target.ownerLogin() + " restricts OAuth apps and has not approved "
                + app + ": its tokens reach only the public resources of " + target.ownerLogin() + ".",
                "Ask an owner of " + target.ownerLogin() + " to approve the app"
                        + " (PUT /api/v1/orgs/" + target.ownerLogin() + "/oauth-app-approvals/CLIENT_ID).");
    }

    private static Denial notFound(Target target) {
        return target.isPackage() ? Denial.of(Denial.PACKAGE_NOT_FOUND, Denial.PACKAGE_NOT_FOUND_REASON, null)
                : Denial.of(Denial.NOT_FOUND, Denial.REPOSITORY_NOT_FOUND_REASON, null);
    }

    private static String describe(Action action) {
        return switch (action) {
            case PULL -> "read (clone, fetch) this repository";
            case PUSH -> "push to this repository";
            case PUSH_WORKFLOW -> "create or update workflow files";
            case READ_METADATA -> "read this repository";
            case CREATE_REPO -> "create repositories";
            case DELETE_REPO -> "delete this repository";
            case READ_PACKAGES -> "read packages";
            case WRITE_PACKAGES -> "publish packages";
            case DELETE_PACKAGES -> "delete packages";
            case READ_MEMBERS -> "read members";
            case WRITE_MEMBERS -> "manage members";
            case MANAGE_ORG -> "manage the organisation's token policy and tokens";
        };
    }
}
