package org.latchkey.cluster;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether this node may answer from its token cache now: only while it holds a lease that its
 * listener renews in the database (PostgreSQL), so that a node cut off from the invalidation
 * notices stops trusting its cache before the database stops counting it among those a changing
 * call waits for. Locally the lease ends {@link #LENGTH} minus {@link #MARGIN} after the renewal
 * was <em>sent</em> (by the injected monotonic source), so it always ends before the database's.
 *
 * <p>Each unbroken stretch of holding is a term; a cached entry is trusted only in the term it was
 * loaded in, so an entry loaded before a lapse is never trusted after it, whenever it was stored.
 * Only the listener thread renews; it drops the lease on a failure, and closing it drops it for good.
 * Any thread reads it with one volatile read.
 */
public final class Lease {

    /** How long a renewal holds the lease in the database. */
    public static final Duration LENGTH = Duration.ofSeconds(3);
    /** How much sooner the local lease ends than the database's. */
    public static final Duration MARGIN = Duration.ofMillis(250);
    /** How often the listener renews. */
    public static final Duration RENEW_EVERY = Duration.ofMillis(500);

    /** The lease states shown in the node table. */
    public static final String HELD = "held";
    public static final String LAPSED = "lapsed";
    public static final String NONE = "none";

    /** A term and until when it holds; replaced, never changed. */
    private record Term(long number, long untilNanos, boolean forever) {
    }

    private static final Term NEVER = new Term(0, 0, false);

    private final LongSupplier nanos;
    private final long localNanos;
    private volatile Term term;
    private volatile long applied = -1;
    private volatile long lag;

    private Lease(LongSupplier nanos, Term term, Duration length) {
        this.nanos = nanos;
        this.term = term;
        this.localNanos = length.minus(MARGIN).toNanos();
    }

    /** A lease that must be renewed, by {@code nanos} (System::nanoTime outside tests). */
    public static Lease renewable(LongSupplier nanos) {
        return renewable(nanos, LENGTH);
    }

    /** One whose renewal holds for {@code length} in the database (at least twice {@link #MARGIN}). */
    public static Lease renewable(LongSupplier nanos, Duration length) {
        if (length.compareTo(MARGIN.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("a lease of " + length + " is shorter than twice its margin");
        }
        return new Lease(nanos, NEVER, length);
    }

    /** The lease of the only node on an embedded database: always held, in one term. */
    public static Lease always() {
        return new Lease(() -> 0, new Term(1, 0, true), LENGTH);
    }

    /** The term held now, or 0 when the lease is not held. */
    public long term() {
        Term t = term;
        if (t.forever) {
            return t.number;
        }
        return t.number > 0 && nanos.getAsLong() - t.untilNanos < 0 ? t.number : 0;
    }

    /**
     * Whether a renewal sent at {@code sentNanos} and taken by the database extends the current
     * term; when the lease lapsed since (or was never held), {@code beforeNewTerm} runs first and a
     * new term starts. Listener thread only.
     */
    public void renewed(long sentNanos, Runnable beforeNewTerm) {
        Term t = term;
        long until = sentNanos + localNanos;
        if (t.number > 0 && nanos.getAsLong() - t.untilNanos < 0) {
            term = new Term(t.number, until, false);
            return;
        }
        beforeNewTerm.run();
        term = new Term(Math.abs(t.number) + 1, until, false);
    }

    /** Ends the term at once (a renewal failed, the connection broke). Listener thread only. */
    public void drop() {
        Term t = term;
        if (t.number > 0) {
            term = new Term(-t.number, 0, false);
        }
    }

    /** Records the last invalidation sequence applied and how far behind the database's it was at the last renewal. */
    public void applied(long sequence, long behind) {
        applied = sequence;
        lag = behind;
    }

    /** The last sequence applied, -1 before the first. */
    public long appliedSequence() {
        return applied;
    }

    /** How many sequences behind the database this node was at its last renewal. */
    public long lag() {
        return lag;
    }

    /** {@link #HELD}, {@link #LAPSED} or, on an embedded database, {@link #NONE}. */
    public String state() {
        if (term.forever) {
            return NONE;
        }
        return term() != 0 ? HELD : LAPSED;
    }

    /** Whether the lease must be renewed for the cache to be trusted (a shared database). */
    public boolean renewable() {
        return !term.forever;
    }
}
