package org.latchkey.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;
import org.latchkey.account.AccountService;
import org.latchkey.account.Sessions;
import org.latchkey.account.TwoFactor;
import org.latchkey.account.User;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.ChainVerdict;
import org.latchkey.auth.Requirement;
import org.latchkey.auth.Principal;
import org.latchkey.token.IssuedToken;
import org.latchkey.token.Scope;

/**
 * Sign-in (with a two-factor code when the account has it on) and sign-out, the caller's own
 * account and audit log, and what an admin does with accounts and the audit log (creating users,
 * checking the log's hash chain).
 */
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

    record UserJson(long id, String login, String email, boolean siteAdmin, Instant createdAt,
                    boolean twoFactorAuthentication) {
        static UserJson of(User user, boolean twoFactor) {
            return new UserJson(user.id(), user.login(), user.email(), user.admin(), user.createdAt(), twoFactor);
        }
    }

    record ChainJson(boolean intact, long checked, long unchained, Long firstBrokenEventId, String problem) {
        static ChainJson of(ChainVerdict verdict) {
            return new ChainJson(verdict.intact(), verdict.checked(), verdict.unchained(), verdict.firstBrokenEventId(),
                    verdict.problem());
        }
    }

    private final Sessions sessions;
    private final AccountService accounts;
    private final TwoFactor twoFactor;
    private final AuditLog audit;
    private final Api api;

    AccountRoutes(Sessions sessions, AccountService accounts, TwoFactor twoFactor, AuditLog audit, Api api) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.twoFactor = twoFactor;
        this.audit = audit;
        this.api = api;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/v1/session", this::signIn);
        api.delete("/api/v1/session", Requirement.session(), this::signOut);
        api.get("/api/v1/user", Requirement.anyToken(), (ctx, principal) ->
                ctx.json(UserJson.of(principal.user(), principal.twoFactorEnabled())));
        api.get("/api/v1/user/audit-log", Requirement.scope(Scope.READ_AUDIT_LOG), (ctx, principal) ->
                new AuditPages(audit).answer(ctx, principal.user().id()));
        api.post("/api/v1/admin/users", Requirement.admin(), this::createUser);
        api.get("/api/v1/admin/audit-log/verify", Requirement.admin(), (ctx, principal) ->
                ctx.json(ChainJson.of(audit.verifyChain())));
        new TwoFactorRoutes(sessions, twoFactor, api).register();
    }

    private void signIn(Context ctx) throws Exception {
        SessionRequest request = api.body(ctx, SessionRequest.class);
        IssuedToken session = sessions.signIn(request.username(), request.password(), request.otp(), Api.origin(ctx));
        ctx.status(201).json(new SessionJson(session.secret(), session.token().expiresAt(), request.username()));
    }

    private void signOut(Context ctx, Principal principal) throws Exception {
        api.noBody(ctx);
        sessions.signOut(principal.user(), principal.token(), Api.origin(ctx));
        ctx.status(204);
    }

    private void createUser(Context ctx, Principal principal) throws Exception {
        CreateUserRequest request = api.body(ctx, CreateUserRequest.class);
        User user = accounts.create(request.username(), request.email(), request.password(),
                Boolean.TRUE.equals(request.admin()), principal.user().login(), Api.origin(ctx));
        ctx.status(201).json(UserJson.of(user, false));
    }
}
