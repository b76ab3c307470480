package org.latchkey.admin;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The accounts as administrators manage them. Every change is one transaction that first locks the
 * active administrators, so that two administrators acting at once cannot leave none, and announces
 * the account's tokens as changed to every node (each cached token carries its owner's account).
 */
public interface UserAdminStore {

    /** Users (not organisations) by id, {@code limit} from {@code offset}; live tokens as of {@code now}. */
    List<AdministeredUser> page(int offset, int limit, Instant now);

    long count();

    /** A user by login, case-insensitively. */
    Optional<AdministeredUser> find(String login, Instant now);

    /**
     * Disables the account at {@code now} (ending its sessions) or, with {@code disable} false,
     * enables it; refused for the last active administrator.
     */
    Change setDisabled(long userId, boolean disable, Instant now);

    /** Grants or removes the administrator role; removing it from the last active administrator is refused. */
    Change setAdmin(long userId, boolean admin);

    /**
     * Deletes the account in one transaction, unless refused (then nothing changes): revokes its
     * tokens, ends its sessions, drops its memberships, webhooks, pending deliveries and two-factor
     * secrets, and deletes its repositories and packages, or gives them to {@code receiverId} (null:
     * none). The row stays as a tombstone whose login is free again, so its audit events keep their
     * reference and a new account with the same login inherits nothing. Empty when the account no
     * longer exists (deleted meanwhile).
     */
    Optional<Deletion> delete(long userId, Long receiverId, Instant now);
}
