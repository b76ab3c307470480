package org.latchkey.oauth;

import java.time.Instant;
import java.util.Map;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.Origin;

/**
 * {@code grant_type=urn:ietf:params:oauth:grant-type:device_code} (RFC 8628 §3.4): the client
 * polls with its device code and hears {@code authorization_pending}, {@code slow_down} (polling
 * before the interval; the interval then grows by five seconds), {@code expired_token} or
 * {@code access_denied}, until the user approved; the tokens are then issued once. A public client
 * needs no secret, as on GitHub; a confidential one that sends credentials is still checked.
 */
public final class DeviceCodeGrant implements Grant {

    public static final String TYPE = "urn:ietf:params:oauth:grant-type:device_code";
    private static final String BAD_CODE = "The device_code is wrong or already used.";

    private final DeviceFlow flow;

    public DeviceCodeGrant(DeviceFlow flow) {
        this.flow = flow;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean secretOptional() {
        return true;
    }

    @Override
    public IssuedTokens exchange(OAuthApp client, Map<String, String> params, Origin origin) {
        String code = params.get("device_code");
        if (code == null || code.isEmpty()) {
            throw OAuthError.invalidRequest("device_code is missing.");
        }
        DeviceFlow.Request request = (code.length() > 200 ? java.util.Optional.<DeviceFlow.Request>empty()
                : flow.byDeviceCode(code)).filter(r -> r.app.id() == client.id())
                .orElseThrow(() -> OAuthError.invalidGrant(BAD_CODE));
        Instant now = flow.tokens().now();
        synchronized (request) {
            if (request.used) {
                throw OAuthError.invalidGrant(BAD_CODE);
            }
            if (!now.isBefore(request.expiresAt)) {
                throw OAuthError.expiredToken("The device code expired; start again.");
            }
            Instant last = request.lastPoll;
            request.lastPoll = now;
            if (last != null && now.isBefore(last.plusSeconds(request.interval))) {
                request.interval += 5;
                throw OAuthError.slowDown("Polling too fast: wait " + request.interval + " seconds between requests.",
                        request.interval);
            }
            if (request.denied) {
                throw OAuthError.accessDenied("The user denied the request.");
            }
            if (request.userId == null) {
                throw OAuthError.authorizationPending("The user has not yet approved the request.");
            }
            request.used = true;
        }
        return flow.tokens().issue(client, request.userId, request.grantId, null, null, request.scopes,
                AuditAction.OAUTH_TOKEN_ISSUED, origin);
    }
}
