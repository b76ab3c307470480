package org.latchkey.account;

import java.time.Instant;
import java.util.Optional;

/** When each web session last confirmed access (sudo mode), kept where every node sees it. */
public interface SudoConfirmations {

    void confirmed(long sessionId, Instant at);

    Optional<Instant> lastConfirmed(long sessionId);
}
