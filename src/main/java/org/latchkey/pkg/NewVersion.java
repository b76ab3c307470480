package org.latchkey.pkg;

import java.time.Instant;

/** A version about to be stored, with the user who publishes it. */
public record NewVersion(String version, String manifest, String integrity, String shasum, long size, long publishedBy,
                         Instant publishedAt) {
}
