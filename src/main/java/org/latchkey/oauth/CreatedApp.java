package org.latchkey.oauth;

/** A new app, with its first client secret (null for a public app), shown this once. */
public record CreatedApp(OAuthApp app, NewClientSecret secret) {
}
