package org.latchkey.http;

import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import org.latchkey.auth.Requirement;
import org.latchkey.auth.Principal;
import org.latchkey.token.Token;
import org.latchkey.token.TokenSuspensions;

/**
 * Suspending and resuming: one token by its owner ({@code /user/tokens/{id}/suspend|resume}), or
 * every token of a user by an administrator ({@code /admin/users/{login}/tokens/suspend|resume}).
 */
public final class SuspensionRoutes implements RouteGroup {

    /** What an administrator's suspend-all or resume-all changed. */
    record AllJson(String login, String action, int count, List<Long> tokenIds) {
    }

    private final TokenSuspensions suspensions;
    private final TokenViews views;
    private final Clock clock;

    public SuspensionRoutes(TokenSuspensions suspensions, TokenViews views, Clock clock) {
        this.suspensions = suspensions;
        this.views = views;
        this.clock = clock;
    }

    @Override
    public void register(Routes routes) {
        Api api = routes.api();
        api.post("/api/v1/user/tokens/{id}/suspend", Requirement.session(), (ctx, principal) -> {
            JsonBody.none(ctx);
            answer(ctx, suspensions.suspend(principal.user(), Api.idParam(ctx), Api.origin(ctx)));
        });
        api.post("/api/v1/user/tokens/{id}/resume", Requirement.session(), (ctx, principal) -> {
            JsonBody.none(ctx);
            answer(ctx, suspensions.resume(principal.user(), Api.idParam(ctx), Api.origin(ctx)));
        });
        api.post("/api/v1/admin/users/{login}/tokens/suspend", Requirement.admin(), this::suspendAll);
        api.post("/api/v1/admin/users/{login}/tokens/resume", Requirement.admin(), this::resumeAll);
    }

    private void answer(Context ctx, Token token) {
        ctx.json(views.of(token, clock.instant()));
    }

    private void suspendAll(Context ctx, Principal principal) throws Exception {
        JsonBody.none(ctx);
        String login = ctx.pathParam("login");
        all(ctx, login, "suspended", suspensions.suspendAllOf(principal.user(), login, Api.origin(ctx)));
    }

    private void resumeAll(Context ctx, Principal principal) throws Exception {
        JsonBody.none(ctx);
        String login = ctx.pathParam("login");
        all(ctx, login, "resumed", suspensions.resumeAllOf(principal.user(), login, Api.origin(ctx)));
    }

    private static void all(Context ctx, String login, String action, List<Token> changed) {
        ctx.json(new AllJson(login, action, changed.size(), changed.stream().map(Token::id).toList()));
    }
}
