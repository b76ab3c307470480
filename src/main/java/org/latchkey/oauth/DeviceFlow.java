package org.latchkey.oauth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.latchkey.ClockTicker;
import org.latchkey.Refusal;
import org.latchkey.account.LoginThrottle;
import org.latchkey.account.User;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.token.Scopes;

/**
 * The device authorization flow (RFC 8628) without HTTP: a client asks for a device code and a
 * short user code (15 minutes), the user types the user code on a signed-in page and approves or
 * denies, and the client polls the token endpoint with the device code ({@link DeviceCodeGrant}).
 * Only SHA-256 hashes of both codes are kept, in memory on this node. Code requests are limited
 * per address; wrong user codes are limited per user and per address.
 */
public final class DeviceFlow {

    public static final Duration LIFETIME = Duration.ofMinutes(15);
    public static final int INTERVAL_SECONDS = 5;
    static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";

    /** What the client is told: the device code (secret), the user code to show and the poll interval. */
    public record Started(String deviceCode, String userCode, long expiresIn, int interval) {
        @Override
        public String toString() {
            return "Started[" + userCode + "]";
        }
    }

    /** A pending request as the device page shows it. */
    public record Pending(OAuthApp app, Scopes scopes, String userCode) {
    }

    /** One request's state, changed under its own lock. */
    static final class Request {
        final OAuthApp app;
        final Scopes scopes;
        final Instant expiresAt;
        final String userKey;
        int interval = INTERVAL_SECONDS;
        Instant lastPoll;
        Long userId;
        Long grantId;
        boolean denied;
        boolean used;

        Request(OAuthApp app, Scopes scopes, Instant expiresAt, String userKey) {
            this.app = app;
            this.scopes = scopes;
            this.expiresAt = expiresAt;
            this.userKey = userKey;
        }
    }

    private final OAuthStore store;
    private final OAuthTokens tokens;
    private final AuditLog audit;
    private final SecureRandom random;
    private final LoginThrottle requests;
    private final LoginThrottle guesses;
    private final Cache<String, Request> byDevice;
    private final Cache<String, Request> byUser;

    public DeviceFlow(OAuthStore store, OAuthTokens tokens, AuditLog audit, Clock clock, SecureRandom random) {
        this.store = store;
        this.tokens = tokens;
        this.audit = audit;
        this.random = random;
        this.requests = new LoginThrottle(clock, new LoginThrottle.Rule(1, Duration.ofMinutes(1), Duration.ofMinutes(1)),
                new LoginThrottle.Rule(50, Duration.ofMinutes(15), Duration.ofMinutes(15)));
        this.guesses = new LoginThrottle(clock, new LoginThrottle.Rule(10, Duration.ofMinutes(15), Duration.ofMinutes(15)),
                new LoginThrottle.Rule(30, Duration.ofMinutes(15), Duration.ofMinutes(15)));
        this.byDevice = cache(clock);
        this.byUser = cache(clock);
    }

    private static Cache<String, Request> cache(Clock clock) {
        return Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(LIFETIME.plusHours(1))
                .ticker(ClockTicker.of(clock)).executor(Runnable::run).build();
    }

    /** {@code POST /login/device/code}: a new device code and user code for the client. */
    public Started start(String clientId, String scope, Origin origin) {
        requests.checkIpAndFail(origin.ip());
        OAuthApp app = Optional.ofNullable(clientId).filter(OAuthApps::plausibleClientId)
                .flatMap(store::findByClientId)
                .orElseThrow(() -> OAuthError.invalidClient("No OAuth app has this client_id."));
        Scopes scopes = ScopeRequest.parse(scope).orElseThrow(() -> OAuthError.invalidScope("An unknown scope was requested."));
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        String deviceCode = HexFormat.of().formatHex(bytes);
        StringBuilder user = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            user.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        String userKey = hash(user.toString());
        Request request = new Request(app, scopes, tokens.now().plus(LIFETIME), userKey);
        byDevice.put(hash(deviceCode), request);
        byUser.put(userKey, request);
        return new Started(deviceCode, user.substring(0, 4) + "-" + user.substring(4), LIFETIME.toSeconds(),
                INTERVAL_SECONDS);
    }

    /** The pending request a typed user code names, for the signed-in user; refuses a wrong one and counts it. */
    public Pending find(User user, String typed, Origin origin) {
        Request request = pending(user, typed, origin);
        return new Pending(request.app, request.scopes, display(normalized(typed)));
    }

    /** The user's answer: approving creates (or widens) their grant to the app, denying ends the request. */
    public Pending decide(User user, String typed, boolean approved, Origin origin) {
        Request request = pending(user, typed, origin);
        synchronized (request) {
            if (request.userId != null || request.denied) {
                throw wrongCode();
            }
            if (approved) {
                OAuthGrant grant = store.approve(user.id(), request.app.id(), request.scopes, tokens.now());
                request.grantId = grant.id();
                request.userId = user.id();
                audit.record(AuditAction.OAUTH_AUTHORIZED, user.id(), user.login(), null, origin, Map.of(
                        "app", request.app.name(), "client_id", request.app.clientId(), "flow", "device",
                        "scopes", String.join(",", grant.scopes().wireNames())));
            } else {
                request.denied = true;
            }
        }
        return new Pending(request.app, request.scopes, display(normalized(typed)));
    }

    private Request pending(User user, String typed, Origin origin) {
        String key = "device:" + user.id();
        guesses.checkUser(key);
        guesses.checkIp(origin.ip());
        String code = normalized(typed);
        Request request = code == null ? null : byUser.getIfPresent(hash(code));
        if (request == null || !tokens.now().isBefore(request.expiresAt) || request.userId != null || request.denied) {
            guesses.userFailed(key);
            guesses.ipFailed(origin.ip());
            throw wrongCode();
        }
        return request;
    }

    /** The request a device code names, or empty. */
    Optional<Request> byDeviceCode(String deviceCode) {
        return Optional.ofNullable(byDevice.getIfPresent(hash(deviceCode)));
    }

    OAuthTokens tokens() {
        return tokens;
    }

    /** Upper case, without hyphens or spaces; null when it cannot be a user code. */
    static String normalized(String typed) {
        if (typed == null || typed.length() > 20) {
            return null;
        }
        String code = typed.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
        return code.length() == 8 && code.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0) ? code : null;
    }

    private static String display(String code) {
        return code.substring(0, 4) + "-" + code.substring(4);
    }

    private static String hash(String code) {
        return HexFormat.of().formatHex(Pkce.sha256(code));
    }

    public static Refusal wrongCode() {
        return Refusal.badInput("device_code_wrong",
                "This code is wrong, expired or already used. Check the code your device shows and type it again.");
    }
}
