package org.latchkey.oidc;

import java.time.Instant;

/**
 * An issuer whose ID tokens this server verifies. {@code id} is null for one given on the command
 * line ({@code source} {@link #CONFIG}), which the API cannot delete; stored ones are {@link #API}.
 */
public record TrustedIssuer(Long id, String issuer, String source, String createdBy, Instant createdAt) {

    public static final String API = "api";
    public static final String CONFIG = "config";
}
