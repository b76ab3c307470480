package org.latchkey.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.latchkey.InvalidField;
import org.latchkey.Text;
import org.latchkey.account.AccountService;
import org.latchkey.account.User;

/**
 * Turns a fine-grained token request into its grants: resolves owners and repositories, checks the
 * expiry against every owner's policy (366 days at most), and marks grants that await approval.
 */
public final class FineGrainedTokens {

    private static final int MAX_OWNERS = 10;
    private static final int MAX_REPOSITORIES = 100;

    private final ResourceOwners owners;

    public FineGrainedTokens(ResourceOwners owners) {
        this.owners = owners;
    }

    /** The validated grants, or a 422 naming the field at fault. */
    public FineGrained grants(User user, FineGrainedSpec spec) {
        if (spec.resources() == null || spec.resources().isEmpty()) {
            throw InvalidField.missing("resources");
        }
        if (spec.resources().size() > MAX_OWNERS) {
            throw InvalidField.invalid("resources", "a token may name at most " + MAX_OWNERS + " owners");
        }
        if (spec.permissions() == null) {
            throw InvalidField.missing("permissions");
        }
        Permissions permissions = Permissions.parse(spec.permissions());
        List<ResourceGrant> grants = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (FineGrainedSpec.Resource resource : spec.resources()) {
            ResourceGrant grant = grant(user, resource);
            if (!seen.add(grant.ownerId())) {
                throw InvalidField.invalid("resources", "'" + grant.ownerLogin() + "' is named twice");
            }
            grants.add(grant);
        }
        return new FineGrained(permissions, grants);
    }

    /** The expiry asked for, which must be given and fit every owner's maximum lifetime. */
    public Instant expiry(User user, FineGrained grants, Expiry expiry, Instant now) {
        if (expiry == null || expiry.days() == null && expiry.at() == null && expiry.never() == null) {
            throw InvalidField.missing("expires_at");
        }
        if (expiry.never() != null) {
            throw InvalidField.invalid("expires", "fine-grained tokens must expire");
        }
        Instant expiresAt = expiry.resolve(now);
        for (ResourceGrant grant : grants.resources()) {
            TokenPolicy policy = owners.find(user.id(), grant.ownerLogin()).map(ResourceOwner::policy).orElse(TokenPolicy.DEFAULT);
            int maxDays = policy.effectiveMaxLifetimeDays();
            if (expiresAt.isAfter(now.plus(Duration.ofDays(maxDays)))) {
                throw InvalidField.invalid("expires_at", (policy.maxLifetimeDays() != null ? grant.ownerLogin() + " allows"
                        : "Latchkey allows") + " fine-grained tokens to live at most " + maxDays + " days");
            }
        }
        return expiresAt;
    }

    private ResourceGrant grant(User user, FineGrainedSpec.Resource resource) {
        if (resource == null || resource.owner() == null || resource.owner().isEmpty()) {
            throw InvalidField.missing("resources.owner");
        }
        if (!AccountService.isPossibleLogin(resource.owner())) {
            throw InvalidField.invalid("resources.owner", "is not the name of a user or an organisation");
        }
        ResourceOwner owner = owners.find(user.id(), resource.owner()).orElseThrow(() -> InvalidField.invalid(
                "resources.owner", "'" + resource.owner() + "' is neither you nor an organisation you belong to"));
        ResourceGrant.Selection selection = selection(resource);
        Set<Long> ids = selection == ResourceGrant.Selection.SELECTED ? repositoryIds(owner, resource.repositories()) : Set.of();
        ResourceGrant.Approval approval = owner.isOrg() && owner.policy().requireApproval() && !owner.isOwner()
                ? ResourceGrant.Approval.PENDING : ResourceGrant.Approval.NOT_REQUIRED;
        return new ResourceGrant(owner.id(), owner.login(), selection, ids, approval, null, null, null);
    }

    private static ResourceGrant.Selection selection(FineGrainedSpec.Resource resource) {
        if (resource.selection() != null) {
            return switch (resource.selection().toLowerCase(Locale.ROOT)) {
                case "all" -> ResourceGrant.Selection.ALL;
                case "public" -> ResourceGrant.Selection.PUBLIC;
                default -> throw InvalidField.invalid("resources.repositories", "must be \"all\", \"public\" or a list of names");
            };
        }
        if (resource.repositories() == null || resource.repositories().isEmpty()) {
            throw InvalidField.missing("resources.repositories");
        }
        return ResourceGrant.Selection.SELECTED;
    }

    private Set<Long> repositoryIds(ResourceOwner owner, List<String> names) {
        if (names.size() > MAX_REPOSITORIES) {
            throw InvalidField.invalid("resources.repositories", "at most " + MAX_REPOSITORIES + " repositories per owner");
        }
        Set<Long> ids = new HashSet<>();
        for (String name : names) {
            if (name == null) {
                throw InvalidField.invalid("resources.repositories", "a repository name may not be null");
            }
            ids.add(owners.repositoryId(owner.id(), name).orElseThrow(() -> InvalidField.invalid("resources.repositories",
                    owner.login() + " has no repository named " + Text.quoted(name, "so"))));
        }
        return ids;
    }
}
