package org.latchkey.http;

import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latchkey.oauth.ClientCredentials;
import org.latchkey.oauth.OAuthError;

/**
 * The OAuth endpoints' requests: a form (each parameter once, at most 16 KiB), and the client's
 * credentials from HTTP Basic or the {@code client_id}/{@code client_secret} fields, never both.
 */
final class OAuthForms {

    private OAuthForms() {
    }

    static Map<String, String> params(Context ctx) {
        String type = ctx.header("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw OAuthError.invalidRequest("The request must be a form (application/x-www-form-urlencoded).");
        }
        if (ctx.bodyAsBytes().length > 16 * 1024) {
            throw OAuthError.invalidRequest("The form is too large.");
        }
        Map<String, List<String>> form;
        try {
            form = ctx.formParamMap();
        } catch (IllegalArgumentException unreadableCharset) {
            throw OAuthError.invalidRequest("The form must be sent in UTF-8.");
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> param : form.entrySet()) {
            if (param.getValue().size() != 1) {
                throw OAuthError.invalidRequest("A parameter was sent more than once.");
            }
            params.put(param.getKey(), param.getValue().get(0));
        }
        return params;
    }

    static ClientCredentials credentials(Context ctx, Map<String, String> params) {
        String authorization = ctx.header("Authorization");
        if (authorization == null) {
            return new ClientCredentials(params.get("client_id"), params.get("client_secret"), false);
        }
        if (params.containsKey("client_secret")) {
            throw OAuthError.invalidRequest("Use one way of client authentication: HTTP Basic or client_secret.");
        }
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw OAuthError.invalidClient("Client authentication failed: use HTTP Basic.");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidClient("Client authentication failed: the Basic credentials are not base64.");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw OAuthError.invalidClient("Client authentication failed.");
        }
        String clientId = urlDecoded(decoded.substring(0, colon));
        if (params.containsKey("client_id") && !params.get("client_id").equals(clientId)) {
            throw OAuthError.invalidClient("Client authentication failed: client_id differs from the Basic credentials.");
        }
        return new ClientCredentials(clientId, urlDecoded(decoded.substring(colon + 1)), true);
    }

    private static String urlDecoded(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidClient("Client authentication failed.");
        }
    }
}
