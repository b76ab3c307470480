package org.latchkey.pkg;

/** A version's tarball as served: the bytes, checked against the stored checksum. */
public record Tarball(PackageVersion version, byte[] bytes) {
}
