package org.latchkey.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;
import org.latchkey.account.AccountService;
import org.latchkey.account.Sessions;
import org.latchkey.account.User;
import org.latchkey.audit.AuditEvent;
import org.latchkey.audit.AuditLog;
import org.latchkey.auth.Access;
import org.latchkey.auth.Principal;
import org.latchkey.token.IssuedToken;
import org.latchkey.token.Scope;

/** Sign-in and sign-out, the caller's own account and audit log, and creating users as an admin. */
final class AccountRoutes {

    record SessionRequest(String username, String password, String otp) {
        @Override
        public String toString() {
            return "SessionRequest[" + username + "]";
        }
    }

    record SessionJson(String token, Instant expiresAt, String login) {
    }

    record CreateUserRequest(String username, String password, String email, Boolean admin) {
        @Override
        public String toString() {
            return "CreateUserRequest[" + username + "]";
        }
    }

    record UserJson(long id, String login, String email, boolean siteAdmin, Instant createdAt) {
        static UserJson of(User user) {
            return new UserJson(user.id(), user.login(), user.email(), user.admin(), user.createdAt());
        }
    }

    record AuditJson(long id, Instant at, String action, String actor, Long tokenId, String ip, String userAgent,
                     Map<String, String> details) {
        static AuditJson of(AuditEvent event) {
            return new AuditJson(event.id(), event.at(), event.action(), event.actor(), event.tokenId(), event.ip(),
                    event.userAgent(), event.details());
        }
    }

    private static final int DEFAULT_PAGE = 30;
    private static final int MAX_PAGE = 100;

    private final Sessions sessions;
    private final AccountService accounts;
    private final AuditLog audit;
    private final Api api;

    AccountRoutes(Sessions sessions, AccountService accounts, AuditLog audit, Api api) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.audit = audit;
        this.api = api;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/v1/session", this::signIn);
        api.delete("/api/v1/session", Access.session(), this::signOut);
        api.get("/api/v1/user", Access.anyToken(), (ctx, principal) -> ctx.json(UserJson.of(principal.user())));
        api.get("/api/v1/user/audit-log", Access.scope(Scope.READ_AUDIT_LOG), this::auditLog);
        api.post("/api/v1/admin/users", Access.admin(), this::createUser);
    }

    private void signIn(Context ctx) throws Exception {
        SessionRequest request = api.body(ctx, SessionRequest.class);
        IssuedToken session = sessions.signIn(request.username(), request.password(), Api.origin(ctx));
        ctx.status(201).json(new SessionJson(session.secret(), session.token().expiresAt(), request.username()));
    }

    private void signOut(Context ctx, Principal principal) throws Exception {
        api.noBody(ctx);
        sessions.signOut(principal.user(), principal.token(), Api.origin(ctx));
        ctx.status(204);
    }

    private void auditLog(Context ctx, Principal principal) {
        int perPage = intQuery(ctx, "per_page", DEFAULT_PAGE);
        if (perPage < 1 || perPage > MAX_PAGE) {
            throw org.latchkey.InvalidField.invalid("per_page", "must be between 1 and " + MAX_PAGE);
        }
        Long beforeId = ctx.queryParam("before") == null ? null : longQuery(ctx, "before");
        var events = audit.page(principal.user().id(), beforeId, perPage);
        if (events.size() == perPage) {
            ctx.header("Link", "<" + ctx.scheme() + "://" + ctx.host() + "/api/v1/user/audit-log?per_page=" + perPage
                    + "&before=" + events.get(events.size() - 1).id() + ">; rel=\"next\"");
        }
        ctx.json(events.stream().map(AuditJson::of).toList());
    }

    private void createUser(Context ctx, Principal principal) throws Exception {
        CreateUserRequest request = api.body(ctx, CreateUserRequest.class);
        User user = accounts.create(request.username(), request.email(), request.password(),
                Boolean.TRUE.equals(request.admin()), principal.user().login(), Api.origin(ctx));
        ctx.status(201).json(UserJson.of(user));
    }

    private static int intQuery(Context ctx, String name, int fallback) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw org.latchkey.InvalidField.invalid(name, "must be a whole number");
        }
    }

    private static long longQuery(Context ctx, String name) {
        try {
            return Long.parseLong(ctx.queryParam(name));
        } catch (NumberFormatException e) {
            throw org.latchkey.InvalidField.invalid(name, "must be a whole number");
        }
    }
}
