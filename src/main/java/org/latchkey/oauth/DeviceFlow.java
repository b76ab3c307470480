package org.latchkey.oauth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.latchkey.Refusal;
import org.latchkey.account.LoginThrottle;
import org.latchkey.account.SharedCounts;
import org.latchkey.account.User;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.token.Scopes;

/**
 * The device authorization flow (RFC 8628) without HTTP: a client asks for a device code and a
 * short user code (15 minutes), the user types the user code on a signed-in page and approves or
 * denies, and the client polls the token endpoint with the device code ({@link DeviceCodeGrant}).
 * Requests are kept in the database (only SHA-256 hashes of both codes), so that the code, the
 * page and the polls may each reach a different node. Code requests are limited per address; wrong
 * user codes are limited per user and per address; both limits hold across nodes ({@link SharedCounts}).
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

    private final OAuthStore store;
    private final OAuthTokens tokens;
    private final AuditLog audit;
    private final SecureRandom random;
    private final LoginThrottle requests;
    private final LoginThrottle guesses;

    public DeviceFlow(OAuthStore store, OAuthTokens tokens, AuditLog audit, Clock clock, SecureRandom random) {
        this(store, tokens, audit, clock, random, SharedCounts.local(clock));
    }

    /** With the code-request and guess limits shared across nodes through {@code shared}. */
    public DeviceFlow(OAuthStore store, OAuthTokens tokens, AuditLog audit, Clock clock, SecureRandom random,
                      SharedCounts shared) {
        this.store = store;
        this.tokens = tokens;
        this.audit = audit;
        this.random = random;
        this.requests = new LoginThrottle(clock, new LoginThrottle.Rule(1, Duration.ofMinutes(1), Duration.ofMinutes(1)),
                new LoginThrottle.Rule(50, Duration.ofMinutes(15), Duration.ofMinutes(15)), shared);
        this.guesses = new LoginThrottle(clock, new LoginThrottle.Rule(10, Duration.ofMinutes(15), Duration.ofMinutes(15)),
                new LoginThrottle.Rule(30, Duration.ofMinutes(15), Duration.ofMinutes(15)), shared);
    }

    /** {@code POST /login/device/code}: a new device code and user code for the client. */
    public Started start(String clientId, String scope, Origin origin) {
        requests.checkIpAndFail(keyed("device-code:", origin.ip()));
        OAuthApp app = Optional.ofNullable(clientId).filter(OAuthApps::plausibleClientId)
                .flatMap(store::findByClientId)
                .orElseThrow(() -> OAuthError.invalidClient("No OAuth app has this client_id."));
        Scopes scopes = ScopeRequest.parse(scope).orElseThrow(() -> OAuthError.invalidScope("An unknown scope was requested."));
        for (int attempt = 1; ; attempt++) {
            byte[] bytes = new byte[20];
            random.nextBytes(bytes);
            String deviceCode = HexFormat.of().formatHex(bytes);
            StringBuilder user = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                user.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            Instant now = tokens.now();
            try {
                store.insertDevice(Pkce.sha256(deviceCode), Pkce.sha256(user.toString()), app.id(), scopes,
                        INTERVAL_SECONDS, now, now.plus(LIFETIME));
            } catch (RuntimeException taken) {
                if (attempt == 3) {
                    throw taken;
                }
                continue; // a user code another live request holds (one in 2.5e10)
            }
            return new Started(deviceCode, display(user.toString()), LIFETIME.toSeconds(), INTERVAL_SECONDS);
        }
    }

    /** The pending request a typed user code names, for the signed-in user; refuses a wrong one and counts it. */
    public Pending find(User user, String typed, Origin origin) {
        Found found = pending(user, typed, origin);
        return new Pending(found.app, found.request.scopes(), display(normalized(typed)));
    }

    /**
     * The user's answer: approving creates (or widens) their grant to the app, denying ends the
     * request. Of two answers to one request (on any nodes), only the first counts; the other is
     * refused as a wrong code.
     */
    public Pending decide(User user, String typed, boolean approved, Origin origin) {
        Found found = pending(user, typed, origin);
        DeviceRequest request = found.request;
        if (approved) {
            OAuthGrant grant = store.approveDevice(request.id(), user.id(), tokens.now()).orElseThrow(DeviceFlow::wrongCode);
            audit.record(AuditAction.OAUTH_AUTHORIZED, user.id(), user.login(), null, origin, Map.of(
                    "app", found.app.name(), "client_id", found.app.clientId(), "flow", "device",
                    "scopes", String.join(",", grant.scopes().wireNames())));
        } else if (!store.denyDevice(request.id())) {
            throw wrongCode();
        }
        return new Pending(found.app, request.scopes(), display(normalized(typed)));
    }

    private record Found(DeviceRequest request, OAuthApp app) {
    }

    private Found pending(User user, String typed, Origin origin) {
        String key = "device:" + user.id();
        guesses.checkUser(key);
        guesses.checkIp(keyed("device:", origin.ip()));
        String code = normalized(typed);
        Optional<Found> found = code == null ? Optional.empty() : store.deviceByUserHash(Pkce.sha256(code))
                .filter(r -> r.undecided() && tokens.now().isBefore(r.expiresAt()))
                .flatMap(r -> store.findApp(r.appId()).map(app -> new Found(r, app)));
        if (found.isEmpty()) {
            guesses.userFailed(key);
            guesses.ipFailed(keyed("device:", origin.ip()));
            throw wrongCode();
        }
        return found.get();
    }

    /** The request a device code names, or empty. */
    Optional<DeviceRequest> byDeviceCode(String deviceCode) {
        return store.deviceByDeviceHash(Pkce.sha256(deviceCode));
    }

    OAuthStore store() {
        return store;
    }

    OAuthTokens tokens() {
        return tokens;
    }

    /** An address as these throttles count it across nodes: apart from the login throttle's count of the same address. */
    private static String keyed(String prefix, String ip) {
        return ip == null ? null : prefix + ip;
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

    public static Refusal wrongCode() {
        return Refusal.badInput("device_code_wrong",
                "This code is wrong, expired or already used. Check the code your device shows and type it again.");
    }
}
