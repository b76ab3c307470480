package org.latchkey.org;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.latchkey.access.OrgRole;
import org.latchkey.token.TokenPolicy;

/** Durable storage of organisations, their members and token policies; logins share the users' namespace. */
public interface OrgStore {

    /** Creates an organisation with its creator as owner; empty when the login is taken by a user or an org. */
    Optional<Org> create(String login, long ownerId, Instant now);

    /** Case-insensitive lookup. */
    Optional<Org> find(String login);

    Optional<Org> findById(long id);

    /** The organisations a user belongs to, by login. */
    List<Org> orgsOf(long userId);

    List<Membership> members(long orgId);

    Optional<OrgRole> role(long orgId, long userId);

    /** Adds a member or changes their role. */
    void putMember(long orgId, long userId, OrgRole role, Instant now);

    /** Removes a member; false when they were not one. */
    boolean removeMember(long orgId, long userId);

    TokenPolicy policy(long orgId);

    void putPolicy(long orgId, TokenPolicy policy);

    /** The shortest {@code revoke_unused_after_days} any organisation's policy sets, or null when none does. */
    Integer shortestRevokeUnusedAfterDays();
}
