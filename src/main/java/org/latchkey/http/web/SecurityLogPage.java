package org.latchkey.http.web;

import static org.latchkey.http.web.WebRoutes.model;

import io.javalin.http.Context;
import java.util.List;
import org.latchkey.audit.AuditEvent;
import org.latchkey.audit.AuditLog;

/** {@code /settings/security-log}: the visitor's audit log, newest first, 30 events a page. */
final class SecurityLogPage {

    static final int PAGE = 30;

    private final AuditLog audit;
    private final Pages pages;

    SecurityLogPage(AuditLog audit, Pages pages) {
        this.audit = audit;
        this.pages = pages;
    }

    void register(WebRoutes web) {
        web.get("/settings/security-log", this::show);
    }

    private void show(Context ctx, WebSession.Visitor visitor) {
        Long before = null;
        try {
            before = ctx.queryParam("before") == null ? null : Long.valueOf(ctx.queryParam("before"));
        } catch (NumberFormatException ignored) {
            // a mangled link shows the newest page
        }
        List<AuditEvent> events = audit.page(visitor.principal().user().id(), before, PAGE);
        Long next = events.size() == PAGE ? events.get(events.size() - 1).id() : null;
        pages.render(ctx, "security-log", visitor, model("title", "Security log", "events", events, "next", next,
                "paged", before != null));
    }
}
