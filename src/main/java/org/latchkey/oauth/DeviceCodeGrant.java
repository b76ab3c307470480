package org.latchkey.oauth;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.Origin;

/**
 * {@code grant_type=urn:ietf:params:oauth:grant-type:device_code} (RFC 8628 §3.4): the client
 * polls with its device code and hears {@code authorization_pending}, {@code slow_down} (polling
 * before the interval, or at the same moment as another poll on any node; the interval then grows
 * by five seconds), {@code expired_token} or
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
        DeviceRequest request = (code.length() > 200 ? Optional.<DeviceRequest>empty() : flow.byDeviceCode(code))
                .filter(r -> r.appId() == client.id())
                .orElseThrow(() -> OAuthError.invalidGrant(BAD_CODE));
        Instant now = flow.tokens().now();
        if (request.usedAt() != null) {
            throw OAuthError.invalidGrant(BAD_CODE);
        }
        if (!now.isBefore(request.expiresAt())) {
            throw OAuthError.expiredToken("The device code expired; start again.");
        }
        Instant last = request.lastPollAt();
        boolean tooSoon = last != null && now.isBefore(last.plusSeconds(request.interval()));
        int interval = tooSoon ? request.interval() + 5 : request.interval();
        if (!flow.store().recordDevicePoll(request.id(), request.polls(), interval, now) || tooSoon) {
            throw OAuthError.slowDown("Polling too fast: wait " + interval + " seconds between requests.", interval);
        }
        if (request.denied()) {
            throw OAuthError.accessDenied("The user denied the request.");
        }
        if (request.grantId() == null) {
            throw OAuthError.authorizationPending("The user has not yet approved the request.");
        }
        if (!flow.store().useDevice(request.id(), now)) {
            throw OAuthError.invalidGrant(BAD_CODE);
        }
        return flow.tokens().issue(client, request.userId(), request.grantId(), null, null, request.scopes(),
                AuditAction.OAUTH_TOKEN_ISSUED, origin);
    }
}
