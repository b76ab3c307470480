package org.latchkey.alert;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.latchkey.notice.Pruned;

/** Durable storage of security alerts, each key at most once. */
public interface SecurityAlertStore {

    /**
     * Stores the alert unless one with its key exists (empty then, and nothing is written).
     * Decides, one alert of a user at a time on every node, whether its owner is told: when
     * {@code limits} allow it given the alerts told within their window before {@code alert.at()}.
     */
    Optional<Raised> add(NewAlert alert, AlertLimits limits);

    /** The user's alerts with id below {@code beforeId} (null: from the newest), newest first. */
    List<SecurityAlert> listForUser(long userId, Long beforeId, int limit);

    /**
     * Alerts from {@code since} to {@code until} (both inclusive), oldest first, stored as
     * told but whose notice is not in the outbox: the node stopped between storing and telling.
     */
    List<SecurityAlert> toldWithoutNotice(Instant since, Instant until, int limit);

    /** Marks the user's alert acknowledged (the first time only); empty when the user has no such alert. */
    Optional<SecurityAlert> acknowledge(long userId, long id, Instant at);

    /** Deletes the alerts raised before {@code cutoff}, whoever they were for. */
    Pruned pruneBefore(Instant cutoff);

    /** A stored alert and, when it is told, how many of the user's alerts were held back since the last one told. */
    record Raised(SecurityAlert alert, int heldBack) {
    }
}
