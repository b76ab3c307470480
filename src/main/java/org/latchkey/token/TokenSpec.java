package org.latchkey.token;

import java.util.List;

/** What a user asks for when creating a classic token; validated by {@link TokenService}. */
public record TokenSpec(String name, String description, List<String> scopes, Expiry expiry) {
}
