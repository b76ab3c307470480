package org.latchkey.pkg;

import java.time.Instant;

/**
 * One published version of a package: the manifest as the client sent it (JSON text, without the
 * tarball's URL), and its tarball's checksums (npm's {@code dist.integrity}, {@code sha512-} and
 * base64, and {@code dist.shasum}, hex SHA-1) and size in bytes.
 */
public record PackageVersion(long id, long packageId, String version, String manifest, String integrity, String shasum,
                             long size, Instant publishedAt) {
}
