package org.latchkey.http;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.latchkey.auth.Requirement;
import org.latchkey.auth.Principal;
import org.latchkey.token.BreachReport;
import org.latchkey.token.TokenBreach;

/** {@code POST /api/v1/user/tokens/{id}/breach}: the breach runbook for one token. */
public final class BreachRoutes implements RouteGroup {

    static final String REVIEW_COMMAND = "latchkey audit --limit 100";
    static final String REVIEW_API = "GET /api/v1/user/audit-log";

    record BreachRequest(Boolean replace) {
    }

    record UsageJson(Instant since, int days, long totalUses, long pushes, List<BreachReport.Address> ips,
                     List<BreachReport.Agent> userAgents, List<BreachReport.RepositoryUse> repositories,
                     List<BreachReport.GitOperation> gitOperations) {
    }

    record ReviewJson(String command, String api) {
    }

    record BreachJson(TokenJson token, boolean revokedNow, UsageJson usage, TokenJson replacement,
                      List<BreachReport.Client> updateSystems, ReviewJson reviewSecurityLog) {
    }

    private final TokenBreach breach;
    private final TokenViews views;
    private final Clock clock;

    public BreachRoutes(TokenBreach breach, TokenViews views, Clock clock) {
        this.breach = breach;
        this.views = views;
        this.clock = clock;
    }

    @Override
    public void register(Routes routes) {
        Api api = routes.api();
        api.post("/api/v1/user/tokens/{id}/breach", Requirement.session(), this::breach);
    }

    private void breach(Context ctx, Principal principal) throws Exception {
        long id = Api.idParam(ctx);
        BreachRequest request = JsonBody.optional(ctx, BreachRequest.class);
        boolean replace = request != null && Boolean.TRUE.equals(request.replace());
        BreachReport report = breach.respond(principal.user(), id, replace, Api.origin(ctx));
        Instant now = clock.instant();
        ctx.json(new BreachJson(views.of(report.token(), now), report.revokedNow(),
                new UsageJson(report.since(), TokenBreach.DAYS, report.totalUses(), report.pushes(), report.addresses(),
                        report.userAgents(), report.repositories(), report.gitOperations()),
                report.replacement() == null ? null
                        : views.of(report.replacement().token(), now, report.replacement().secret()),
                report.clients(), new ReviewJson(REVIEW_COMMAND, REVIEW_API)));
    }
}
