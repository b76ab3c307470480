package org.latchkey.token;

import java.util.List;
import java.util.Map;

/** What a user asks for when creating a fine-grained token; validated by {@link FineGrainedTokens}. */
public record FineGrainedSpec(String name, String description, List<Resource> resources, Map<String, String> permissions,
                              Expiry expiry) {

    /** One owner and which of its repositories: {@code selection} "all" or "public", or else the named ones. */
    public record Resource(String owner, String selection, List<String> repositories) {
    }
}
