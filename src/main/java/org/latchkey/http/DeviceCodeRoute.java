package org.latchkey.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.latchkey.Refusal;
import org.latchkey.oauth.DeviceFlow;

/**
 * {@code POST /login/device/code}, GitHub's path (RFC 8628 §3.1): a form with {@code client_id}
 * and {@code scope} in; {@code device_code}, {@code user_code}, {@code verification_uri},
 * {@code expires_in} and {@code interval} out, form-encoded by default and JSON for
 * {@code Accept: application/json}. Errors in RFC 6749's shape; too many requests from an address are 429.
 */
public final class DeviceCodeRoute implements RouteGroup {

    public static final String PATH = "/login/device/code";

    private final DeviceFlow flow;
    private final Supplier<String> publicUrl;

    public DeviceCodeRoute(DeviceFlow flow, Supplier<String> publicUrl) {
        this.flow = flow;
        this.publicUrl = publicUrl;
    }

    @Override
    public void register(Routes routes) {
        routes.open().post(PATH, this::code);
    }

    private void code(Context ctx) throws Exception {
        ctx.header("Cache-Control", "no-store");
        try {
            Map<String, String> params = OAuthForms.params(ctx);
            DeviceFlow.Started started = flow.start(params.get("client_id"), params.get("scope"), Api.origin(ctx));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("device_code", started.deviceCode());
            answer.put("user_code", started.userCode());
            answer.put("verification_uri", publicUrl.get().replaceAll("/+$", "") + "/login/device");
            answer.put("expires_in", started.expiresIn());
            answer.put("interval", started.interval());
            OAuthTokenRoute.answer(ctx, 200, answer);
        } catch (Refusal refusal) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("error", refusal.code());
            answer.put("error_description", refusal.getMessage());
            OAuthTokenRoute.answer(ctx, refusal.kind().httpStatus(), answer);
        }
    }
}
