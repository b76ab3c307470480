package org.latchkey.http.web;

import static org.latchkey.http.web.WebRoutes.model;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditEvent;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.AuditQuery;
import org.latchkey.token.Token;
import org.latchkey.token.TokenService;
import org.latchkey.token.TokenType;
import org.latchkey.http.RouteGroup;
import org.latchkey.http.Routes;

/**
 * {@code /settings/security-log}: the visitor's audit log, newest first, 30 events a page, each with
 * its details as the CLI shows them, filtered by event type, token, a range of days (UTC, both ends
 * included) and, with {@code hide=sign-ins}, without sign-ins. The filters are a GET form, so a
 * page is a link, and the "Older" link carries them along.
 */
public final class SecurityLogPage implements RouteGroup {

    static final int PAGE = 30;
    static final List<String> ACTIONS = Arrays.stream(AuditAction.values()).map(AuditAction::wireName).sorted().toList();
    static final String SIGN_INS = "sign-ins";
    private static final Set<String> SIGN_IN_ACTIONS = Set.of(AuditAction.SESSION_CREATED.wireName());

    /** The filters as typed, with an error beside each one that cannot be read. Public for the templates. */
    public record Filters(String action, String token, String from, String to, String hide, Map<String, String> errors) {

        /** The filters as a query string, without paging; empty when none is set. */
        public String query() {
            return query(hide);
        }

        /** The same filters with sign-ins hidden if they are shown, shown if they are hidden. */
        public String toggledSignIns() {
            return query(hidesSignIns() ? "" : SIGN_INS);
        }

        public boolean hidesSignIns() {
            return SIGN_INS.equals(hide);
        }

        public boolean any() {
            return !query().isEmpty();
        }

        private String query(String hidden) {
            StringJoiner query = new StringJoiner("&");
            Map.of("action", action, "token", token, "from", from, "to", to, "hide", hidden).entrySet().stream()
                    .filter(entry -> !entry.getValue().isEmpty())
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(entry -> query.add(entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8)));
            return query.toString();
        }
    }

    private final AuditLog audit;
    private final TokenService tokens;
    private final WebRoutes web;
    private final Pages pages;

    public SecurityLogPage(AuditLog audit, TokenService tokens, WebRoutes web) {
        this.audit = audit;
        this.tokens = tokens;
        this.web = web;
        this.pages = web.pages();
    }

    @Override
    public void register(Routes routes) {
        WebRoutes.SignedIn signed = web.on(routes);
        signed.get("/settings/security-log", this::show);
    }

    private void show(Context ctx, WebSession.Visitor visitor) {
        long userId = visitor.principal().user().id();
        Filters filters = new Filters(param(ctx, "action"), param(ctx, "token"), param(ctx, "from"), param(ctx, "to"),
                param(ctx, "hide").toLowerCase(Locale.ROOT), new LinkedHashMap<>());
        if (!filters.hide().isEmpty() && !filters.hidesSignIns()) {
            filters.errors().put("hide", "Only sign-ins can be hidden.");
        }
        String action = filters.action().isEmpty() ? null : filters.action();
        if (action != null && !ACTIONS.contains(action)) {
            filters.errors().put("action", "Choose an event type from the list.");
        }
        Long tokenId = null;
        if (!filters.token().isEmpty()) {
            tokenId = number(filters.token());
            if (tokenId == null) {
                filters.errors().put("token", "Choose a token from the list.");
            }
        }
        Instant since = day(filters, "from", filters.from(), 0);
        Instant until = day(filters, "to", filters.to(), 1);
        if (since != null && until != null && !since.isBefore(until)) {
            filters.errors().put("to", "The last day must not be before the first.");
        }
        List<AuditEvent> events = List.of();
        Long before = number(param(ctx, "before"));
        if (filters.errors().isEmpty()) {
            events = audit.page(new AuditQuery(userId, before, PAGE, action, tokenId, since, until,
                    filters.hidesSignIns() ? SIGN_IN_ACTIONS : Set.of()));
        }
        Long next = events.size() == PAGE ? events.get(events.size() - 1).id() : null;
        List<Token> mine = tokens.list(userId, null).stream().filter(token -> token.type() != TokenType.SESSION).toList();
        pages.render(ctx, filters.errors().isEmpty() ? 200 : 422, "security-log", visitor, model("title", "Security log",
                "events", events, "next", next, "paged", before != null, "filters", filters, "actions", ACTIONS,
                "tokens", mine));
    }

    /** Midnight UTC at the start of the day typed, plus {@code days}; null (and an error when typed) otherwise. */
    private static Instant day(Filters filters, String field, String typed, int days) {
        if (typed.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(typed).plusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            filters.errors().put(field, "Give a date as YYYY-MM-DD.");
            return null;
        }
    }

    private static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null ? "" : value.strip();
    }

    private static Long number(String value) {
        try {
            return value.isEmpty() ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
