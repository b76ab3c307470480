package org.latchkey.org;

import java.time.Instant;

/** An organisation: an account that owns repositories and has members, but never signs in. */
public record Org(long id, String login, Instant createdAt) {
}
