package org.latchkey.org;

import java.time.Instant;
import org.latchkey.access.OrgRole;

/** A user's membership of an organisation. */
public record Membership(long orgId, long userId, String login, OrgRole role, Instant since) {
}
