package org.latchkey.notice;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The durable {@link Notifier}: a notice is stored (once per key) before anyone is told, so what
 * delivers it can die and resume without losing or repeating one. Listeners hear each new notice
 * after it is stored, to deliver it without waiting for their next poll.
 */
public final class NoticeOutbox implements Notifier {

    private final NoticeStore store;
    private final Clock clock;
    private final List<Consumer<StoredNotice>> listeners = new CopyOnWriteArrayList<>();

    public NoticeOutbox(NoticeStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public boolean tell(Notice notice) {
        Optional<StoredNotice> stored = store.add(notice, clock.instant());
        stored.ifPresent(added -> listeners.forEach(listener -> listener.accept(added)));
        return stored.isPresent();
    }

    /** Calls {@code listener} with every notice stored from now on (on the telling thread). */
    public void onNew(Consumer<StoredNotice> listener) {
        listeners.add(listener);
    }

    public List<StoredNotice> listForUser(long userId, Long beforeId, int limit) {
        return store.listForUser(userId, beforeId, limit);
    }
}
