package org.latchkey.scan;

import java.util.Optional;
import org.latchkey.audit.Origin;

/**
 * What the scanners and leak reports ask about OAuth apps' client secrets ({@code lkcs_}): whose
 * live secret one is, and removing one reported leaked.
 */
public interface LeakedClientSecrets {

    /** A live client secret's app: its owner's id, name and client_id. */
    record App(long ownerId, String name, String clientId) {

        /** Where it was found, naming the app only to its owner (as {@link ExposedTokens.Exposure#describe}). */
        public String describe(String location, long toldUserId) {
            return ownerId == toldUserId ? location + " (the client secret of your OAuth app '" + name + "')" : location;
        }
    }

    /** The live app this well-formed client secret belongs to, if any. */
    Optional<App> appOf(String secret);

    /** Removes the client secret if it is a live app's, telling its owner; says nothing either way. */
    void revokeReportedLeak(String secret, String source, Origin reporter);

    LeakedClientSecrets NONE = new LeakedClientSecrets() {
        @Override
        public Optional<App> appOf(String secret) {
            return Optional.empty();
        }

        @Override
        public void revokeReportedLeak(String secret, String source, Origin reporter) {
        }
    };
}
