package org.latchkey.oauth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.latchkey.account.User;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.token.Scope;
import org.latchkey.token.Scopes;

/**
 * {@code GET /login/oauth/authorize} without HTTP. First the client and its redirect URI are
 * checked: a failure there is shown, never redirected (it would make an open redirect). Then
 * every other error goes back to the redirect URI as RFC 6749 §4.1.2.1 says. A signed-in user
 * whose grant already covers the scopes gets a code at once; otherwise the consent page asks.
 */
public final class Authorizations {

    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    static final int MAX_STATE = 1000;

    /** The query of an authorization request, as given. */
    public record Params(String clientId, String redirectUri, String scope, String state, String codeChallenge,
                         String codeChallengeMethod, String responseType, boolean repeated) {
    }

    /** A request whose client and redirect URI are good: where to answer, and the checked scopes and challenge. */
    public record Valid(OAuthApp app, String redirectTo, String givenRedirectUri, Scopes scopes, String state,
                        String codeChallenge) {
    }

    /** Either a redirect (an error, or a code) or a request to show the consent page. */
    public record Outcome(String redirect, Valid consent, List<Scope> alreadyGranted) {
        public boolean needsConsent() {
            return redirect == null;
        }
    }

    private final OAuthStore store;
    private final OAuthTokens tokens;
    private final AuditLog audit;
    private final SecureRandom random;

    public Authorizations(OAuthStore store, OAuthTokens tokens, AuditLog audit, SecureRandom random) {
        this.store = store;
        this.tokens = tokens;
        this.audit = audit;
        this.random = random;
    }

    /**
     * Checks a request: refuses an unknown client or a bad redirect URI (to be shown), returns an
     * error redirect for anything else wrong, or the valid request.
     */
    public Outcome check(Params params) {
        OAuthApp app = Optional.ofNullable(params.clientId()).filter(OAuthApps::plausibleClientId)
                .flatMap(store::findByClientId).orElseThrow(OAuthRefusals::unknownClient);
        String redirectTo = params.redirectUri() == null ? app.callbackUrls().get(0)
                : CallbackUrls.match(app.callbackUrls(), params.redirectUri()).orElseThrow(OAuthRefusals::redirectUriMismatch);
        if (params.repeated()) {
            return error(redirectTo, "invalid_request", "a parameter was sent more than once", null);
        }
        String state = params.state();
        if (state != null && state.length() > MAX_STATE) {
            return error(redirectTo, "invalid_request", "state is longer than " + MAX_STATE + " characters", null);
        }
        if (params.responseType() != null && !params.responseType().equals("code")) {
            return error(redirectTo, "unsupported_response_type", "only response_type=code is supported", state);
        }
        Optional<Scopes> scopes = ScopeRequest.parse(params.scope());
        if (scopes.isEmpty()) {
            return error(redirectTo, "invalid_scope", "an unknown scope was requested", state);
        }
        String challenge = params.codeChallenge();
        if (challenge != null || params.codeChallengeMethod() != null) {
            if (!Pkce.S256.equals(params.codeChallengeMethod())) {
                return error(redirectTo, "invalid_request", "code_challenge_method must be S256 (plain is refused)", state);
            }
            if (!Pkce.wellFormedChallenge(challenge)) {
                return error(redirectTo, "invalid_request", "code_challenge must be the base64url SHA-256 of a verifier",
                        state);
            }
        } else if (!app.confidential()) {
            return error(redirectTo, "invalid_request", "a public app must use PKCE (code_challenge with S256)", state);
        }
        return new Outcome(null, new Valid(app, redirectTo, params.redirectUri(), scopes.get(), state, challenge), List.of());
    }

    /** For a signed-in user: a code at once when their grant covers the scopes, else the consent to ask. */
    public Outcome proceed(Valid request, User user, Origin origin) {
        Optional<OAuthGrant> grant = store.liveGrant(user.id(), request.app().id());
        if (grant.isPresent() && grant.get().scopes().granted().containsAll(request.scopes().granted())) {
            return new Outcome(code(request, grant.get()), null, List.of());
        }
        List<Scope> granted = grant.map(g -> List.copyOf(g.scopes().granted())).orElse(List.of());
        return new Outcome(null, request, granted);
    }

    /** The user's answer on the consent page: a code, or {@code access_denied}. */
    public String decide(Valid request, User user, boolean approved, Origin origin) {
        if (!approved) {
            return error(request.redirectTo(), "access_denied", "the user denied the request", request.state()).redirect();
        }
        OAuthGrant grant = store.approve(user.id(), request.app().id(), request.scopes(), tokens.now());
        audit.record(AuditAction.OAUTH_AUTHORIZED, user.id(), user.login(), null, origin, Map.of(
                "app", request.app().name(), "client_id", request.app().clientId(),
                "scopes", String.join(",", grant.scopes().wireNames())));
        return code(request, grant);
    }

    private String code(Valid request, OAuthGrant grant) {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        String code = HexFormat.of().formatHex(bytes);
        Instant now = tokens.now();
        store.insertCode(grant.id(), Pkce.sha256(code), request.givenRedirectUri(), request.scopes(),
                request.codeChallenge(), now, now.plus(CODE_LIFETIME));
        return withParams(request.redirectTo(), "code", code, request.state());
    }

    /** Scopes a request adds to what the user granted before. */
    public static List<Scope> added(Scopes asked, List<Scope> granted) {
        EnumSet<Scope> added = asked.granted().isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(asked.granted());
        added.removeAll(granted);
        return List.copyOf(added);
    }

    private static Outcome error(String redirectTo, String error, String description, String state) {
        return new Outcome(withParams(redirectTo, "error", error, state) + "&error_description="
                + encode(description), null, List.of());
    }

    private static String withParams(String base, String name, String value, String state) {
        StringBuilder url = new StringBuilder(base).append(base.indexOf('?') >= 0 ? '&' : '?')
                .append(name).append('=').append(encode(value));
        if (state != null) {
            url.append("&state=").append(encode(state));
        }
        return url.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
