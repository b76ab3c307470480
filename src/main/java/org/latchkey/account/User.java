package org.latchkey.account;

import java.time.Instant;

/** A person (or service account) who owns tokens. */
public record User(long id, String login, String email, boolean admin, Instant createdAt) {
}
