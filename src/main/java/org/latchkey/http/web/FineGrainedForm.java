package org.latchkey.http.web;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.latchkey.auth.Principal;
import org.latchkey.org.OrgService;
import org.latchkey.repo.Repository;
import org.latchkey.repo.RepositoryStore;
import org.latchkey.token.FineGrainedSpec;
import org.latchkey.token.TokenPolicy;

/**
 * What the fine-grained token form offers: every owner the visitor may aim a token at (themselves
 * and their organisations) with its policy and its repositories as the server-side filter shows
 * them, and the expirations that fit every chosen owner's maximum lifetime. Fine-grained tokens
 * must expire, so "No expiration" is never offered.
 */
final class FineGrainedForm {

    private static final List<Integer> DAYS = List.of(7, 30, 60, 90);

    /** An owner the visitor may choose, its policy, and its repositories (those the filter shows, and how many it has). */
    public record OwnerChoice(String login, boolean org, TokenPolicy policy, List<Repository> shown, int total) {

        /** The policy in words, for the organisation's line in the form; null when there is nothing to say. */
        public String policyNote() {
            if (!org) {
                return null;
            }
            List<String> rules = new ArrayList<>();
            if (policy.maxLifetimeDays() != null) {
                rules.add("tokens may live at most " + policy.maxLifetimeDays() + " days");
            }
            if (policy.requireApproval()) {
                rules.add("an owner must approve a member's token before it may act");
            }
            return rules.isEmpty() ? null : String.join("; ", rules) + ".";
        }
    }

    private final OrgService orgs;
    private final RepositoryStore repositories;
    private final Clock clock;

    FineGrainedForm(OrgService orgs, RepositoryStore repositories, Clock clock) {
        this.orgs = orgs;
        this.repositories = repositories;
        this.clock = clock;
    }

    List<OwnerChoice> owners(Principal principal, TokenForm form) {
        List<OwnerChoice> choices = new ArrayList<>();
        choices.add(choice(principal.user().login(), false, TokenPolicy.DEFAULT,
                repositories.listByOwner(principal.user().id()), form));
        orgs.mine(principal).forEach(org -> choices.add(choice(org.login(), true, orgs.policyForMember(principal, org),
                repositories.listByOwner(org.id()), form)));
        return choices;
    }

    private static OwnerChoice choice(String login, boolean org, TokenPolicy policy, List<Repository> all, TokenForm form) {
        String filter = form.repositoryFilter.toLowerCase(Locale.ROOT);
        List<Repository> shown = all.stream()
                .filter(repo -> filter.isEmpty() || repo.fullName().toLowerCase(Locale.ROOT).contains(filter)
                        || form.repositories.contains(repo.fullName()))
                .toList();
        return new OwnerChoice(login, org, policy, shown, all.size());
    }

    /** The longest lifetime every chosen owner allows, in days. */
    static int maxDays(List<OwnerChoice> owners, List<String> chosen) {
        return owners.stream().filter(owner -> chosen.stream().anyMatch(owner.login()::equalsIgnoreCase))
                .mapToInt(owner -> owner.policy().effectiveMaxLifetimeDays())
                .min().orElse(TokenPolicy.DEFAULT_MAX_LIFETIME_DAYS);
    }

    /** 7, 30, 60 and 90 days where allowed, the policy's own maximum when it is shorter than 90, and a custom date. */
    static List<String> expirations(int maxDays) {
        List<String> choices = new ArrayList<>();
        DAYS.stream().filter(days -> days <= maxDays).forEach(days -> choices.add(days.toString()));
        if (maxDays < DAYS.get(DAYS.size() - 1) && !DAYS.contains(maxDays)) {
            choices.add(Integer.toString(maxDays));
        }
        choices.add("custom");
        return choices;
    }

    /** The last day a custom expiry may be, as the date input's {@code max}. */
    String lastDay(int maxDays) {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(maxDays).toString();
    }

    /**
     * The chosen owners as the service takes them, recording on the form an owner without repositories
     * when "selected" is chosen; empty with an error when no owner is chosen.
     */
    static List<FineGrainedSpec.Resource> resources(TokenForm form) {
        List<FineGrainedSpec.Resource> resources = new ArrayList<>();
        if (form.owners.isEmpty()) {
            form.errors.put("owners", "Choose at least one resource owner.");
            return resources;
        }
        for (String owner : form.owners) {
            String access = form.access(owner);
            if (access.equals("selected")) {
                List<String> names = form.repositories.stream()
                        .filter(full -> full.regionMatches(true, 0, owner + "/", 0, owner.length() + 1))
                        .map(full -> full.substring(owner.length() + 1)).toList();
                if (names.isEmpty()) {
                    form.errors.put("resources", "Select at least one repository of " + owner
                            + ", or choose all or public repositories.");
                }
                resources.add(new FineGrainedSpec.Resource(owner, null, names));
            } else {
                resources.add(new FineGrainedSpec.Resource(owner, access, null));
            }
        }
        return resources;
    }
}
