package org.latchkey.http;

import io.javalin.http.Context;
import java.util.List;
import org.latchkey.InvalidField;
import org.latchkey.access.Action;
import org.latchkey.access.Authorizer;
import org.latchkey.access.Decision;
import org.latchkey.access.Denial;
import org.latchkey.access.Target;
import org.latchkey.account.User;
import org.latchkey.auth.Requirement;
import org.latchkey.auth.Principal;
import org.latchkey.org.OwnerTargets;
import org.latchkey.repo.Repository;
import org.latchkey.repo.RepositoryService;
import org.latchkey.token.Token;
import org.latchkey.token.TokenService;

/**
 * "Why was I denied?": {@code GET /api/v1/tokens/self/check} for the calling token and
 * {@code GET /api/v1/user/tokens/{id}/check} for any of one's tokens (expired and revoked ones too)
 * answer whether an action on a repository or owner is allowed, with every reason and its fix.
 */
public final class CheckRoutes implements RouteGroup {

    record ReasonJson(String code, String message, String fix) {
        static ReasonJson of(Denial denial) {
            return new ReasonJson(denial.code(), denial.message(), denial.fix());
        }
    }

    record CheckJson(boolean allowed, String action, String target, long tokenId, String tokenName, String tokenType,
                     List<ReasonJson> reasons) {
    }

    private final Authorizer authorizer;
    private final RepositoryService repositories;
    private final OwnerTargets owners;
    private final TokenService tokens;

    public CheckRoutes(Authorizer authorizer, RepositoryService repositories, OwnerTargets owners, TokenService tokens) {
        this.authorizer = authorizer;
        this.repositories = repositories;
        this.owners = owners;
        this.tokens = tokens;
    }

    @Override
    public void register(Routes routes) {
        Api api = routes.api();
        api.get("/api/v1/tokens/self/check", Requirement.anyToken(), (ctx, principal) ->
                ctx.json(check(ctx, principal.user(), principal.token().stored())));
        api.get("/api/v1/user/tokens/{id}/check", Requirement.session(), (ctx, principal) ->
                ctx.json(check(ctx, principal.user(), tokens.get(principal.user().id(), Api.idParam(ctx)))));
    }

    private CheckJson check(Context ctx, User user, Token token) {
        Action action = action(ctx.queryParam("action"));
        String repo = ctx.queryParam("repo");
        String owner = ctx.queryParam("owner");
        if ((repo == null) == (owner == null)) {
            throw InvalidField.invalid("repo", "give either repo=OWNER/NAME or owner=LOGIN");
        }
        Decision decision;
        String described;
        if (repo != null) {
            String[] parts = repo.split("/", 2);
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw InvalidField.invalid("repo", "must be OWNER/NAME");
            }
            described = repo;
            Repository repository = repositories.lookup(parts[0], parts[1]).orElse(null);
            decision = repository == null ? null : authorizer.decide(user, token, action, repository.target());
        } else {
            boolean isPrivate = !"false".equals(ctx.queryParam("private"));
            Target target = owners.find(owner, isPrivate).orElse(null);
            described = owner;
            decision = target == null ? null : authorizer.decide(user, token, action, target);
        }
        List<ReasonJson> reasons = decision == null
                ? List.of(new ReasonJson(Denial.NOT_FOUND, described + " does not exist or is not visible to you.", null))
                : decision.denials().stream().map(ReasonJson::of).toList();
        return new CheckJson(reasons.isEmpty(), action.wireName(), described, token.id(), token.name(),
                token.type().wireName(), reasons);
    }

    private static Action action(String name) {
        if (name == null) {
            throw InvalidField.missing("action");
        }
        return Action.fromWireName(name).orElseThrow(() -> InvalidField.invalid("action", "must be one of "
                + String.join(", ", java.util.Arrays.stream(Action.values()).map(Action::wireName).toList())));
    }
}
