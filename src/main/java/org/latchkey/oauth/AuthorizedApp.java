package org.latchkey.oauth;

/** A live grant with the app it was given to, as Settings › Applications lists it. */
public record AuthorizedApp(OAuthGrant grant, OAuthApp app) {
}
