package org.latchkey.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latchkey.audit.Origin;
import org.latchkey.auth.Principal;
import org.latchkey.oauth.Introspection;
import org.latchkey.oauth.OAuthError;
import org.latchkey.token.FineGrained;
import org.latchkey.token.ResourceGrant;
import org.latchkey.token.TokenTraits;
import org.latchkey.token.TokenType;

/**
 * {@code POST /oauth/introspect} (RFC 7662): a confidential app's form with {@code token} (and a
 * {@code token_type_hint}, ignored: every kind is looked up the same way) answered
 * {@code {"active":false}} for anything not live, or the token's user, scopes, kind and times, with
 * the permissions and resources of a fine-grained or job token and the client_id of an app's token.
 * Client errors in RFC 6749 §5.2's shape, as at the token endpoint.
 */
public final class IntrospectionRoute implements RouteGroup {

    public static final String PATH = "/oauth/introspect";
    private static final String APP_DESCRIPTION = "OAuth app ";

    private final Introspection introspection;

    public IntrospectionRoute(Introspection introspection) {
        this.introspection = introspection;
    }

    @Override
    public void register(Routes routes) {
        routes.open().post(PATH, this::introspect);
    }

    private void introspect(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
        Map<String, Object> answer = new LinkedHashMap<>();
        try {
            Map<String, String> params = OAuthForms.params(ctx);
            Introspection.Result result = introspection.introspect(OAuthForms.credentials(ctx, params),
                    params.get("token"), new Origin(ctx.ip(), ctx.userAgent()));
            answer.put("active", result.active());
            if (result.active()) {
                describe(result.principal(), answer);
            }
            ctx.status(200);
        } catch (OAuthError error) {
            if (error.kind().httpStatus() == 401) {
                ctx.header("WWW-Authenticate", "Basic realm=\"latchkey\"");
            }
            answer.put("error", error.code());
            answer.put("error_description", error.getMessage());
            ctx.status(error.kind().httpStatus());
        }
        ctx.json(answer);
    }

    private static void describe(Principal principal, Map<String, Object> answer) {
        TokenTraits token = principal.token();
        answer.put("scope", String.join(" ", token.scopes().wireNames()));
        answer.put("username", principal.user().login());
        answer.put("sub", Long.toString(principal.user().id()));
        String description = token.type() == TokenType.OAUTH_ACCESS ? token.stored().description() : null;
        if (description != null && description.startsWith(APP_DESCRIPTION)) {
            answer.put("client_id", description.substring(APP_DESCRIPTION.length()));
        }
        answer.put("token_type", "bearer");
        answer.put("latchkey_token_type", token.type().wireName());
        answer.put("token_id", token.id());
        if (token.expiresAt() != null) {
            answer.put("exp", token.expiresAt().getEpochSecond());
        }
        answer.put("iat", token.createdAt().getEpochSecond());
        FineGrained fineGrained = token.fineGrained();
        if (fineGrained != null) {
            answer.put("permissions", fineGrained.permissions().wire());
            List<Map<String, Object>> resources = fineGrained.resources().stream().map(IntrospectionRoute::resource).toList();
            answer.put("resources", resources);
            if (fineGrained.packages() != null && !fineGrained.packages().patterns().isEmpty()) {
                answer.put("packages", fineGrained.packages().patterns());
            }
        }
    }

    private static Map<String, Object> resource(ResourceGrant grant) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("owner", grant.ownerLogin());
        resource.put("repositories", grant.selection() == ResourceGrant.Selection.SELECTED
                ? grant.repositoryIds().stream().sorted().toList() : grant.selection().wireName());
        return resource;
    }
}
