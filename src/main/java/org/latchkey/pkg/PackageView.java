package org.latchkey.pkg;

import java.util.List;
import java.util.Map;

/** Everything npm's packument shows of a package: its versions, oldest first, and its dist-tags. */
public record PackageView(Package pkg, List<PackageVersion> versions, Map<String, String> distTags) {

    public PackageView {
        versions = List.copyOf(versions);
        distTags = Map.copyOf(distTags);
    }
}
