package org.latchkey.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.latchkey.oauth.IssuedTokens;
import org.latchkey.oauth.OAuthError;
import org.latchkey.oauth.OAuthTokens;
import org.latchkey.oauth.TokenEndpoint;

/**
 * {@code POST /login/oauth/access_token}, GitHub's path: a form in, the tokens out, form-encoded
 * by default and JSON for {@code Accept: application/json}, as GitHub answers; errors in RFC 6749
 * §5.2's shape ({@code invalid_client} 401 with {@code WWW-Authenticate}, the others 400).
 */
public final class OAuthTokenRoute implements RouteGroup {

    public static final String PATH = "/login/oauth/access_token";

    private final TokenEndpoint endpoint;
    private static final ObjectMapper JSON = Json.mapper();

    public OAuthTokenRoute(TokenEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public void register(Routes routes) {
        routes.open().post(PATH, this::token);
    }

    private void token(Context ctx) throws Exception {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
        try {
            Map<String, String> params = OAuthForms.params(ctx);
            IssuedTokens issued = endpoint.exchange(OAuthForms.credentials(ctx, params), params, Api.origin(ctx));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("access_token", issued.accessSecret());
            answer.put("expires_in", OAuthTokens.ACCESS_LIFETIME.toSeconds());
            answer.put("refresh_token", issued.refreshSecret());
            answer.put("refresh_token_expires_in", OAuthTokens.REFRESH_LIFETIME.toSeconds());
            answer.put("scope", String.join(",", issued.scopes().wireNames()));
            answer.put("token_type", "bearer");
            answer(ctx, 200, answer);
        } catch (OAuthError error) {
            if (error.kind().httpStatus() == 401) {
                ctx.header("WWW-Authenticate", "Basic realm=\"latchkey\"");
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("error", error.code());
            answer.put("error_description", error.getMessage());
            if (error.interval() != null) {
                answer.put("interval", error.interval());
            }
            answer(ctx, error.kind().httpStatus(), answer);
        }
    }

    static void answer(Context ctx, int status, Map<String, Object> fields) throws Exception {
        String accept = ctx.header("Accept");
        ctx.status(status);
        if (accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("application/json")) {
            ctx.contentType("application/json").result(JSON.writeValueAsString(fields));
            return;
        }
        StringBuilder form = new StringBuilder();
        fields.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(field -> {
            if (form.length() > 0) {
                form.append('&');
            }
            form.append(field.getKey()).append('=').append(URLEncoder.encode(String.valueOf(field.getValue()),
                    StandardCharsets.UTF_8));
        });
        ctx.contentType("application/x-www-form-urlencoded; charset=utf-8").result(form.toString());
    }
}
