package org.latchkey.pkg;

import java.util.Map;

/**
 * What {@code npm publish} sends, once read: the package's scope (its owner's login) and name, one
 * version with its manifest (JSON text) and tarball, the checksums the client computed (null when
 * it sent none), the dist-tags to point at the new version, and the access it asked for
 * ({@code "public"}, {@code "restricted"} or null), which decides a new package's visibility.
 */
public record Publication(String scope, String name, String version, String manifest, byte[] tarball,
                          String declaredIntegrity, String declaredShasum, Map<String, String> distTags, String access) {

    public Publication {
        distTags = Map.copyOf(distTags);
    }
}
