package org.latchkey.http.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.latchkey.Refusal;
import org.latchkey.account.TwoFactor;
import org.latchkey.account.SudoConfirmations;
import org.latchkey.auth.Authenticator;
import org.latchkey.auth.Principal;
import org.latchkey.token.TokenService;

/**
 * The browser's side of a session: the cookie carries the {@code lks_} session secret (the server
 * keeps only its hash, as for the API), the CSRF token is a hash of that secret, so it is tied to
 * the session and needs no storage, and the last confirmation of access (sudo mode: the password or
 * an app code) is kept per session in the database, so that it holds on every node. Between the password and the two-factor code of a
 * sign-in, the browser holds only a sealed, five-minute ticket in its own HttpOnly cookie, scoped to
 * {@code /login}: not a session.
 */
final class WebSession {

    static final String COOKIE = "latchkey_session";
    static final String LOGIN_CSRF_COOKIE = "latchkey_login_csrf";
    static final String SECOND_STEP_COOKIE = "latchkey_sign_in";
    static final String SECOND_STEP_PATH = "/login/two-factor";
    static final String CSRF_FIELD = "_csrf";
    static final Duration SUDO_WINDOW = Duration.ofMinutes(15);

    /** A signed-in visitor: who, and the CSRF token their forms carry. */
    record Visitor(Principal principal, String csrf) {
    }

    private final Authenticator authenticator;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final SudoConfirmations confirmations;

    WebSession(Authenticator authenticator, Clock clock, SudoConfirmations confirmations) {
        this.authenticator = authenticator;
        this.clock = clock;
        this.confirmations = confirmations;
    }

    /** The signed-in visitor, or null when the cookie is missing or names no live session. */
    Visitor visitor(Context ctx) {
        String secret = ctx.cookie(COOKIE);
        if (secret == null || secret.isEmpty()) {
            return null;
        }
        Principal principal;
        try {
            principal = authenticator.authenticate("token " + secret, ctx.ip(), ctx.userAgent());
        } catch (Refusal refused) {
            clear(ctx);
            return null;
        }
        if (!principal.isSession()) {
            clear(ctx);
            return null;
        }
        return new Visitor(principal, csrfFor(secret));
    }

    void start(Context ctx, String sessionSecret, long sessionId) {
        setCookie(ctx, COOKIE, sessionSecret, TokenService.SESSION_LIFETIME.toSeconds());
        setCookie(ctx, LOGIN_CSRF_COOKIE, "", 0);
        confirmed(sessionId);
    }

    void clear(Context ctx) {
        setCookie(ctx, COOKIE, "", 0);
    }

    /** Remembers, in this browser only, that the password step of a sign-in passed. */
    void startSecondStep(Context ctx, String ticket) {
        setCookie(ctx, SECOND_STEP_COOKIE, ticket, TwoFactor.SIGN_IN_WINDOW.toSeconds(), SECOND_STEP_PATH);
    }

    /** The ticket of a sign-in waiting for its code, or null. */
    static String secondStepTicket(Context ctx) {
        String ticket = ctx.cookie(SECOND_STEP_COOKIE);
        return ticket == null || ticket.isEmpty() ? null : ticket;
    }

    void endSecondStep(Context ctx) {
        setCookie(ctx, SECOND_STEP_COOKIE, "", 0, SECOND_STEP_PATH);
    }

    /** Whether a POST carries the visitor's CSRF token. */
    static boolean csrfValid(Context ctx, Visitor visitor) {
        return same(ctx.formParam(CSRF_FIELD), visitor.csrf());
    }

    /** A fresh token for the sign-in form (double-submit: a cookie and a hidden field must match). */
    String loginCsrf(Context ctx) {
        String existing = ctx.cookie(LOGIN_CSRF_COOKIE);
        if (existing != null && existing.length() == 43) {
            return existing;
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        setCookie(ctx, LOGIN_CSRF_COOKIE, token, 3600);
        return token;
    }

    static boolean loginCsrfValid(Context ctx) {
        String cookie = ctx.cookie(LOGIN_CSRF_COOKIE);
        return cookie != null && !cookie.isEmpty() && same(ctx.formParam(CSRF_FIELD), cookie);
    }

    void confirmed(long sessionId) {
        confirmations.confirmed(sessionId, clock.instant());
    }

    /** Whether the visitor confirmed access (password or app code) within the last 15 minutes. */
    boolean inSudoMode(Visitor visitor) {
        Instant last = confirmations.lastConfirmed(visitor.principal().token().id()).orElse(null);
        return last != null && clock.instant().isBefore(last.plus(SUDO_WINDOW));
    }

    private static void setCookie(Context ctx, String name, String value, long maxAgeSeconds) {
        setCookie(ctx, name, value, maxAgeSeconds, "/");
    }

    private static void setCookie(Context ctx, String name, String value, long maxAgeSeconds, String path) {
        StringBuilder cookie = new StringBuilder(name).append('=').append(value)
                .append("; Path=").append(path).append("; Max-Age=").append(maxAgeSeconds).append("; HttpOnly; SameSite=Lax");
        if (secure(ctx)) {
            cookie.append("; Secure");
        }
        ctx.res().addHeader("Set-Cookie", cookie.toString());
    }

    /** Served over HTTPS, directly or behind a proxy that says so. */
    static boolean secure(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    private static String csrfFor(String sessionSecret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("latchkey-csrf\0" + sessionSecret).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean same(String given, String expected) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }
}
