package org.latchkey.http;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.latchkey.InvalidField;
import org.latchkey.audit.AuditEvent;
import org.latchkey.audit.AuditLog;

/** Answers one page of an account's audit log, newest first, with a {@code Link: rel="next"} header. */
public final class AuditPages {

    record AuditJson(long id, Instant at, String action, String actor, Long tokenId, String ip, String userAgent,
                     Map<String, String> details) {
        static AuditJson of(AuditEvent event) {
            return new AuditJson(event.id(), event.at(), event.action(), event.actor(), event.tokenId(), event.ip(),
                    event.userAgent(), event.details());
        }
    }

    private static final int DEFAULT_PAGE = 30;
    private static final int MAX_PAGE = 100;

    private final AuditLog audit;

    public AuditPages(AuditLog audit) {
        this.audit = audit;
    }

    void answer(Context ctx, long accountId) {
        int perPage = (int) longQuery(ctx, "per_page", DEFAULT_PAGE);
        if (perPage < 1 || perPage > MAX_PAGE) {
            throw InvalidField.invalid("per_page", "must be between 1 and " + MAX_PAGE);
        }
        Long beforeId = ctx.queryParam("before") == null ? null : longQuery(ctx, "before", 0);
        List<AuditEvent> events = audit.page(accountId, beforeId, perPage);
        if (events.size() == perPage) {
            Links.nextPage(ctx, "per_page=" + perPage + "&before=" + events.get(events.size() - 1).id());
        }
        ctx.json(events.stream().map(AuditJson::of).toList());
    }

    static long longQuery(Context ctx, String name, long fallback) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw InvalidField.invalid(name, "must be a whole number");
        }
    }
}
