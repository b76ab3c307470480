package org.latchkey.http.web;

import static org.latchkey.http.web.WebRoutes.model;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.List;
import org.latchkey.Refusal;
import org.latchkey.alert.Alerts;
import org.latchkey.alert.SecurityAlert;
import org.latchkey.http.RouteGroup;
import org.latchkey.http.Routes;

/**
 * {@code /settings/security-alerts}: the visitor's security alerts (a dead token presented again,
 * use from a new address or client, a burst, failed sign-ins), newest first, 30 a page, each with
 * an "Acknowledge" button.
 */
public final class SecurityAlertsPage implements RouteGroup {

    static final int PAGE = 30;

    private final Alerts alerts;
    private final Clock clock;
    private final WebRoutes web;
    private final Pages pages;

    public SecurityAlertsPage(Alerts alerts, Clock clock, WebRoutes web) {
        this.alerts = alerts;
        this.clock = clock;
        this.web = web;
        this.pages = web.pages();
    }

    @Override
    public void register(Routes routes) {
        WebRoutes.SignedIn signed = web.on(routes);
        signed.get("/settings/security-alerts", this::show);
        signed.post("/settings/security-alerts/{id}/acknowledge", this::acknowledge);
    }

    private void show(Context ctx, WebSession.Visitor visitor) {
        Long before = number(ctx.queryParam("before"));
        List<SecurityAlert> page = alerts.page(visitor.principal().user().id(), before, PAGE);
        Long next = page.size() == PAGE ? page.get(page.size() - 1).id() : null;
        pages.render(ctx, "security-alerts", visitor, model("title", "Security alerts", "alerts", page, "next", next,
                "paged", before != null));
    }

    private void acknowledge(Context ctx, WebSession.Visitor visitor) {
        Long id = number(ctx.pathParam("id"));
        if (id == null) {
            throw Refusal.notFound();
        }
        alerts.acknowledge(visitor.principal().user().id(), id, clock.instant());
        ctx.redirect("/settings/security-alerts", HttpStatus.SEE_OTHER);
    }

    private static Long number(String value) {
        try {
            return value == null || value.isBlank() ? null : Long.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
