package org.latchkey.oauth;

import java.time.Instant;
import java.util.List;

/** A registered OAuth app: who owns it (a user or an organisation), how clients name it, where it may be sent back. */
public record OAuthApp(long id, long ownerId, String ownerLogin, String clientId, AppDetails details, Instant createdAt) {

    public String name() {
        return details.name();
    }

    public boolean confidential() {
        return details.confidential();
    }

    public List<String> callbackUrls() {
        return details.callbackUrls();
    }
}
