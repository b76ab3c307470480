package org.latchkey.audit;

import java.util.Arrays;
import java.util.List;

/** Walks the whole audit log in order and recomputes every link of its hash chain. */
public final class AuditChainCheck {

    static final int PAGE = 1000;

    private final AuditStore store;

    public AuditChainCheck(AuditStore store) {
        this.store = store;
    }

    public ChainVerdict run() {
        long checked = 0;
        long unchained = 0;
        byte[] previous = null;
        long afterId = 0;
        for (List<ChainedEvent> page = store.chainAfter(afterId, PAGE); !page.isEmpty();
                page = store.chainAfter(afterId, PAGE)) {
            for (ChainedEvent chained : page) {
                long id = chained.event().id();
                afterId = id;
                if (chained.link() == null) {
                    if (previous != null) {
                        return new ChainVerdict(checked, unchained, id, "the event has no link, but events before it do");
                    }
                    unchained++;
                    continue;
                }
                if (!Arrays.equals(chained.previousLink(), previous)) {
                    return new ChainVerdict(checked, unchained, id,
                            "the event does not follow the one before it (an event was removed or reordered)");
                }
                if (!Arrays.equals(chained.link(), AuditChain.link(previous, chained.event()))) {
                    return new ChainVerdict(checked, unchained, id, "the event was changed after it was recorded");
                }
                previous = chained.link();
                checked++;
            }
        }
        if (!Arrays.equals(previous, store.headLink())) {
            return new ChainVerdict(checked, unchained, null, "the newest events were removed (the chain's head does not match)");
        }
        return new ChainVerdict(checked, unchained, null, null);
    }
}
