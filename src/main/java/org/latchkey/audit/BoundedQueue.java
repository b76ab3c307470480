package org.latchkey.audit;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A fixed-size ring for many producers and one consumer that never blocks and never allocates:
 * {@link #offer} claims a slot with one compare-and-set and fails at once when the ring is full;
 * {@link #poll} must be called by one thread at a time. A slot claimed but not yet written stops
 * the consumer until the next poll, so nothing is lost or reordered.
 */
final class BoundedQueue<E> {

    private final AtomicReferenceArray<E> slots;
    private final int mask;
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong head = new AtomicLong();

    BoundedQueue(int capacity) {
        if (capacity < 1 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, was " + capacity);
        }
        this.slots = new AtomicReferenceArray<>(capacity);
        this.mask = capacity - 1;
    }

    /** Adds the element, or returns false at once when the ring is full. */
    boolean offer(E element) {
        long capacity = mask + 1L;
        while (true) {
            long claimed = tail.get();
            if (claimed - head.get() >= capacity) {
                return false;
            }
            if (tail.compareAndSet(claimed, claimed + 1)) {
                slots.lazySet((int) (claimed & mask), element);
                return true;
            }
        }
    }

    /** The oldest element, or null when none is ready; one consumer at a time. */
    E poll() {
        long next = head.get();
        int index = (int) (next & mask);
        E element = slots.get(index);
        if (element == null) {
            return null;
        }
        slots.lazySet(index, null);
        head.set(next + 1);
        return element;
    }

    /** About how many elements wait: exact when nothing is being offered or polled. */
    int size() {
        return (int) Math.max(0, Math.min(mask + 1L, tail.get() - head.get()));
    }

    int capacity() {
        return mask + 1;
    }
}
