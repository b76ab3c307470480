package org.latchkey.http.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.latchkey.repo.Repository;
import org.latchkey.repo.RepositoryStore;
import org.latchkey.token.ResourceGrant;
import org.latchkey.token.Token;
import org.latchkey.token.TokenState;

/** One token as a page shows it: what it may do in words, and its status. Public for the templates. */
public record TokenRow(Token token, String status, List<String> grants, String resources, boolean fineGrained) {

    static TokenRow of(Token token, Instant now, RepositoryStore repositories) {
        boolean fineGrained = token.isFineGrained();
        return new TokenRow(token, status(token, now), fineGrained ? permissions(token) : token.scopes().wireNames(),
                fineGrained ? resources(token, repositories) : null, fineGrained);
    }

    private static String status(Token token, Instant now) {
        TokenState state = token.stateAt(now);
        if (state == TokenState.ACTIVE && token.isFineGrained() && token.fineGrained().resources().stream()
                .anyMatch(grant -> grant.approval() == ResourceGrant.Approval.PENDING)) {
            return "pending approval";
        }
        if (state == TokenState.ACTIVE && token.isFineGrained() && token.fineGrained().resources().stream()
                .allMatch(grant -> grant.approval() == ResourceGrant.Approval.DENIED)) {
            return "denied";
        }
        return state.wireName();
    }

    private static List<String> permissions(Token token) {
        return token.fineGrained().permissions().wire().entrySet().stream()
                .map(entry -> entry.getKey() + ": " + entry.getValue()).sorted().toList();
    }

    private static String resources(Token token, RepositoryStore repositories) {
        return token.fineGrained().resources().stream().map(grant -> grant.ownerLogin() + ": " + describe(grant, repositories))
                .collect(Collectors.joining("; "));
    }

    /** "all repositories", "public repositories" or the selected repositories' names. */
    static String describe(ResourceGrant grant, RepositoryStore repositories) {
        return switch (grant.selection()) {
            case ALL -> "all repositories";
            case PUBLIC -> "public repositories";
            case SELECTED -> grant.repositoryIds().stream().map(repositories::findById)
                    .flatMap(java.util.Optional::stream).map(Repository::name).sorted().collect(Collectors.joining(", "));
        };
    }

    /** Each organisation's decision on this token where one was needed: "acme: pending approval", "acme: denied by …". */
    public java.util.List<String> approvals() {
        if (!fineGrained) {
            return java.util.List.of();
        }
        return token.fineGrained().resources().stream()
                .filter(grant -> grant.approval() != ResourceGrant.Approval.NOT_REQUIRED)
                .map(TokenRow::approval).toList();
    }

    private static String approval(ResourceGrant grant) {
        return grant.ownerLogin() + ": " + switch (grant.approval()) {
            case PENDING -> "pending approval by an owner";
            case APPROVED -> "approved by " + grant.decidedBy();
            case DENIED -> "denied by " + grant.decidedBy() + (grant.reason() == null ? "" : " (" + grant.reason() + ")");
            case NOT_REQUIRED -> "no approval needed";
        };
    }

    public boolean active() {
        return status.equals("active") || status.equals("pending approval") || status.equals("denied");
    }
}
