package org.latchkey.http;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.latchkey.InvalidField;
import org.latchkey.alert.Alerts;
import org.latchkey.alert.SecurityAlert;
import org.latchkey.auth.Requirement;
import org.latchkey.auth.Principal;
import org.latchkey.token.Scope;

/**
 * {@code /api/v1/user/security-alerts}: the caller's abuse alerts, newest first, paged like the
 * audit log (and readable with the same access), and acknowledging one with a session.
 */
public final class AlertRoutes implements RouteGroup {

    record AlertJson(long id, Instant at, String rule, Long tokenId, String ip, String userAgent, String message,
                     Map<String, String> details, boolean notified, boolean acknowledged, Instant acknowledgedAt) {
        static AlertJson of(SecurityAlert alert) {
            return new AlertJson(alert.id(), alert.at(), alert.rule().wireName(), alert.tokenId(), alert.ip(),
                    alert.userAgent(), alert.message(), alert.details(), alert.notified(), alert.acknowledgedAt() != null,
                    alert.acknowledgedAt());
        }
    }

    private static final int DEFAULT_PAGE = 30;
    private static final int MAX_PAGE = 100;
    static final String PATH = "/api/v1/user/security-alerts";

    private final Alerts alerts;
    private final Clock clock;

    public AlertRoutes(Alerts alerts, Clock clock) {
        this.alerts = alerts;
        this.clock = clock;
    }

    @Override
    public void register(Routes routes) {
        Api api = routes.api();
        api.get(PATH, Requirement.scope(Scope.READ_AUDIT_LOG), this::list);
        api.post(PATH + "/{id}/acknowledge", Requirement.session(), this::acknowledge);
    }

    private void list(Context ctx, Principal principal) {
        int perPage = (int) AuditPages.longQuery(ctx, "per_page", DEFAULT_PAGE);
        if (perPage < 1 || perPage > MAX_PAGE) {
            throw InvalidField.invalid("per_page", "must be between 1 and " + MAX_PAGE);
        }
        Long beforeId = ctx.queryParam("before") == null ? null : AuditPages.longQuery(ctx, "before", 0);
        List<SecurityAlert> page = alerts.page(principal.user().id(), beforeId, perPage);
        if (page.size() == perPage) {
            Links.nextPage(ctx, "per_page=" + perPage + "&before=" + page.get(page.size() - 1).id());
        }
        ctx.json(page.stream().map(AlertJson::of).toList());
    }

    private void acknowledge(Context ctx, Principal principal) throws Exception {
        JsonBody.none(ctx);
        ctx.json(AlertJson.of(alerts.acknowledge(principal.user().id(), Api.idParam(ctx), clock.instant())));
    }
}
