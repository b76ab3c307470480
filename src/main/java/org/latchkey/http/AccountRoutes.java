package org.latchkey.http;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;
import org.latchkey.account.AccountService;
import org.latchkey.token.Sessions;
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
public final class AccountRoutes implements RouteGroup {

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
    private final AuditPages audits;

    public AccountRoutes(Sessions sessions, AccountService accounts, TwoFactor twoFactor, AuditLog audit, AuditPages audits) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.twoFactor = twoFactor;
        this.audit = audit;
        this.audits = audits;
    }

    @Override
    public void register(Routes routes) {
        Api api = routes.api();
        routes.open().post("/api/v1/session", this::signIn);
        api.delete("/api/v1/session", Requirement.session(), this::signOut);
        api.get("/api/v1/user", Requirement.anyToken(), (ctx, principal) ->
                ctx.json(UserJson.of(principal.user(), principal.twoFactorEnabled())));
        api.get("/api/v1/user/audit-log", Requirement.scope(Scope.READ_AUDIT_LOG), (ctx, principal) ->
                audits.answer(ctx, principal.user().id()));
        api.post("/api/v1/admin/users", Requirement.admin(), this::createUser);
        api.get("/api/v1/admin/audit-log/verify", Requirement.admin(), (ctx, principal) ->
                ctx.json(ChainJson.of(audit.verifyChain())));
    }

    private void signIn(Context ctx) throws Exception {
        SessionRequest request = JsonBody.read(ctx, SessionRequest.class);
        IssuedToken session = sessions.signIn(request.username(), request.password(), request.otp(), Api.origin(ctx));
        ctx.status(201).json(new SessionJson(session.secret(), session.token().expiresAt(), request.username()));
    }

    private void signOut(Context ctx, Principal principal) throws Exception {
        JsonBody.none(ctx);
        sessions.signOut(principal.user(), principal.token().stored(), Api.origin(ctx));
        ctx.status(204);
    }

    private void createUser(Context ctx, Principal principal) throws Exception {
        CreateUserRequest request = JsonBody.read(ctx, CreateUserRequest.class);
        User user = accounts.create(request.username(), request.email(), request.password(),
                Boolean.TRUE.equals(request.admin()), principal.user().login(), Api.origin(ctx));
        ctx.status(201).json(UserJson.of(user, false));
    }
}
