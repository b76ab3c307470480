package org.latchkey.trust;

import java.util.List;
import java.util.Map;

/** A trust policy as a client asks for it; {@link TrustPolicies#create} validates every field. */
public record PolicySpec(String name, String issuer, Map<String, Object> claims, List<String> repositories,
                         List<String> packages, Map<String, String> permissions, Integer lifetimeMinutes) {
}
