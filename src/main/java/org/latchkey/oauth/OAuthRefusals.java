package org.latchkey.oauth;

import org.latchkey.Refusal;

/** The refusals of OAuth apps' management and of the authorization page, each written once. */
public final class OAuthRefusals {

    private OAuthRefusals() {
    }

    public static Refusal noSuchApp() {
        return Refusal.noSuch("OAuth app");
    }

    public static Refusal noSuchGrant() {
        return Refusal.noSuch("authorized OAuth app");
    }

    public static Refusal noSuchSecret() {
        return Refusal.noSuch("client secret");
    }

    public static Refusal publicAppHasNoSecrets() {
        return Refusal.conflict("oauth_app_public", "A public OAuth app has no client secrets.",
                "Register a confidential app for a server that can keep a secret.");
    }

    public static Refusal tooManySecrets(int max) {
        return Refusal.conflict("oauth_app_secret_limit", "An OAuth app has at most " + max + " client secrets.",
                "Delete one you no longer use first.");
    }

    public static Refusal tooManyApps(int max) {
        return Refusal.conflict("oauth_app_limit", "An owner has at most " + max + " OAuth apps.",
                "Delete one you no longer use first.");
    }

    /** The authorization page's answer to a client_id that names no app: never redirected. */
    public static Refusal unknownClient() {
        return Refusal.badInput("oauth_unknown_client",
                "No OAuth app has this client_id. The link that brought you here is wrong; nothing was authorized.");
    }

    /** The authorization page's answer to a redirect_uri the app did not register: never redirected. */
    public static Refusal redirectUriMismatch() {
        return Refusal.badInput("oauth_redirect_uri_mismatch",
                "The redirect_uri is not one of the callback URLs registered for this OAuth app, so you are not sent"
                        + " there. Nothing was authorized.");
    }
}
