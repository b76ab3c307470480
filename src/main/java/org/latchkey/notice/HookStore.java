package org.latchkey.notice;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Durable storage of webhooks. A deleted hook is kept (its delivery log refers to it) but hidden. */
public interface HookStore {

    Hook insert(NewHook hook);

    /** The user's hook with this id, unless deleted (or another user's). */
    Optional<Hook> find(long userId, long id);

    /** The user's hooks, not deleted, oldest first. */
    List<Hook> listForUser(long userId);

    /** Hides the hook; false when it was not the user's or already deleted. */
    boolean delete(long userId, long id, Instant at);

    /** The hook's secret as stored (encrypted), even for a deleted hook. */
    Optional<String> sealedSecret(long id);
}
