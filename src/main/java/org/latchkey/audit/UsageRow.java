package org.latchkey.audit;

/** Identical uses of one flush coalesced: the latest of them (its time is the row's) and how many there were. */
public record UsageRow(UsageEvent latest, int uses) {
}
