package org.latchkey.http;

import io.javalin.http.Context;
import java.util.List;
import org.latchkey.InvalidField;
import org.latchkey.token.Sessions;
import org.latchkey.account.TwoFactor;
import org.latchkey.auth.Requirement;
import org.latchkey.auth.Principal;

/**
 * {@code /api/v1/user/two-factor}: the signed-in user's two-factor authentication by API, as the
 * security settings page does it: start an enrolment, confirm it with a first code, regenerate the
 * recovery codes, disable. Sessions only, like every change to how an account signs in.
 */
public final class TwoFactorRoutes implements RouteGroup {

    record StatusJson(boolean enabled, boolean pending, int recoveryCodesRemaining) {
    }

    record EnrolmentJson(String secret, String otpauthUri, boolean enabled) {
        @Override
        public String toString() {
            return "EnrolmentJson[secret hidden]";
        }
    }

    record CodesJson(boolean enabled, List<String> recoveryCodes) {
        @Override
        public String toString() {
            return "CodesJson[codes hidden]";
        }
    }

    record ConfirmRequest(String otp) {
        @Override
        public String toString() {
            return "ConfirmRequest[otp hidden]";
        }
    }

    record PasswordRequest(String password, String otp) {
        @Override
        public String toString() {
            return "PasswordRequest[hidden]";
        }
    }

    private final Sessions sessions;
    private final TwoFactor twoFactor;

    public TwoFactorRoutes(Sessions sessions, TwoFactor twoFactor) {
        this.sessions = sessions;
        this.twoFactor = twoFactor;
    }

    @Override
    public void register(Routes routes) {
        Api api = routes.api();
        String path = "/api/v1/user/two-factor";
        api.get(path, Requirement.session(), (ctx, principal) -> ctx.json(status(principal)));
        api.post(path, Requirement.session(), this::start);
        api.post(path + "/confirm", Requirement.session(), this::confirm);
        api.post(path + "/recovery-codes", Requirement.session(), this::regenerate);
        api.delete(path, Requirement.session(), this::disable);
    }

    private StatusJson status(Principal principal) {
        TwoFactor.Status status = twoFactor.status(principal.user().id());
        return new StatusJson(status.enabled(), status.pending(), status.recoveryCodesLeft());
    }

    private void start(Context ctx, Principal principal) throws Exception {
        JsonBody.none(ctx);
        TwoFactor.Enrolment enrolment = twoFactor.start(principal.user());
        ctx.header("Cache-Control", "no-store");
        ctx.status(201).json(new EnrolmentJson(enrolment.secret(), enrolment.uri(), false));
    }

    private void confirm(Context ctx, Principal principal) throws Exception {
        ConfirmRequest request = JsonBody.read(ctx, ConfirmRequest.class);
        if (request.otp() == null || request.otp().isBlank()) {
            throw InvalidField.missing("otp");
        }
        List<String> codes = twoFactor.confirm(principal.user(), request.otp(), Api.origin(ctx));
        ctx.header("Cache-Control", "no-store");
        ctx.json(new CodesJson(true, codes));
    }

    private void regenerate(Context ctx, Principal principal) throws Exception {
        PasswordRequest request = JsonBody.read(ctx, PasswordRequest.class);
        sessions.confirmPassword(principal.user(), request.password(), Api.origin(ctx));
        List<String> codes = twoFactor.regenerateRecoveryCodes(principal.user(), Api.origin(ctx));
        ctx.header("Cache-Control", "no-store");
        ctx.json(new CodesJson(true, codes));
    }

    private void disable(Context ctx, Principal principal) throws Exception {
        PasswordRequest request = JsonBody.read(ctx, PasswordRequest.class);
        if (request.otp() == null || request.otp().isBlank()) {
            throw InvalidField.missing("otp");
        }
        twoFactor.disable(principal.user(), request.password(), request.otp(), Api.origin(ctx));
        ctx.status(204);
    }
}
