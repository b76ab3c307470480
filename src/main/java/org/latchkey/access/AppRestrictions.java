package org.latchkey.access;

import java.util.Optional;
import org.latchkey.token.TokenTraits;

/**
 * Whether an organisation lets an OAuth app's token reach its private resources (GitHub's OAuth app
 * access restrictions). Asked only for app tokens, so other tokens pay nothing.
 */
@FunctionalInterface
public interface AppRestrictions {

    AppRestrictions NONE = (orgId, token) -> Optional.empty();

    /** The name of the app when the organisation restricts apps and has not approved this token's app; else empty. */
    Optional<String> unapprovedApp(long orgId, TokenTraits token);
}
