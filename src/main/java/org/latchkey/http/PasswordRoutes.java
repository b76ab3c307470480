package org.latchkey.http;

import io.javalin.http.Context;
import java.time.Instant;
import org.latchkey.account.PasswordChanges;
import org.latchkey.account.PasswordResets;
import org.latchkey.auth.Principal;
import org.latchkey.auth.Requirement;

/**
 * {@code PUT /api/v1/user/password}: the signed-in user changes their password (a session only, like
 * every change to how an account signs in; the session stays, every other one ends, tokens keep
 * working); {@code POST /api/v1/admin/users/{login}/password-reset}: an administrator resets a
 * user's password for a one-time code, answered once.
 */
public final class PasswordRoutes implements RouteGroup {

    static final String CHANGED = "Password changed. Every other session of your account was signed out;"
            + " your personal access tokens keep working.";

    record ChangeRequest(String currentPassword, String newPassword, String otp) {
        @Override
        public String toString() {
            return "ChangeRequest[hidden]";
        }
    }

    record ChangedJson(String message, boolean otherSessionsEnded, boolean tokensUnchanged) {
    }

    record ResetJson(String login, String resetCode, Instant expiresAt, boolean emailed, String resetPage) {
        @Override
        public String toString() {
            return "ResetJson[" + login + ", code hidden]";
        }
    }

    private final PasswordChanges changes;
    private final PasswordResets resets;

    public PasswordRoutes(PasswordChanges changes, PasswordResets resets) {
        this.changes = changes;
        this.resets = resets;
    }

    @Override
    public void register(Routes routes) {
        Api api = routes.api();
        api.put("/api/v1/user/password", Requirement.session(), this::change);
        api.post("/api/v1/admin/users/{login}/password-reset", Requirement.admin(), this::reset);
    }

    private void change(Context ctx, Principal principal) throws Exception {
        ChangeRequest request = JsonBody.read(ctx, ChangeRequest.class);
        changes.change(principal.user(), principal.token().id(), request.currentPassword(), request.newPassword(),
                request.otp(), Api.origin(ctx));
        ctx.json(new ChangedJson(CHANGED, true, true));
    }

    private void reset(Context ctx, Principal principal) throws Exception {
        JsonBody.none(ctx);
        PasswordResets.Issued issued = resets.issue(principal.user(), ctx.pathParam("login"), Api.origin(ctx));
        ctx.header("Cache-Control", "no-store");
        ctx.status(201).json(new ResetJson(issued.user().login(), issued.code(), issued.expiresAt(), issued.emailed(),
                "/password-reset"));
    }
}
