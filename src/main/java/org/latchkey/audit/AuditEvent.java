package org.latchkey.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One entry in the audit log: who did what, when, from where, to which token. Never carries a
 * secret. {@code userId} is the account the event belongs to (whose log shows it); {@code actor}
 * is the login that acted, or null for an anonymous caller.
 */
public record AuditEvent(
        long id,
        Instant at,
        Long userId,
        String actor,
        String action,
        Long tokenId,
        String ip,
        String userAgent,
        Map<String, String> details) {

    public AuditEvent {
        details = Map.copyOf(details);
    }
}
