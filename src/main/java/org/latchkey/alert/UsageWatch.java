package org.latchkey.alert;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.latchkey.audit.UsageEvent;
import org.latchkey.audit.UsageRow;

/**
 * Runs the rules on token use ({@link NewOriginRule}, {@link BurstRule}) on each batch the usage
 * log has just written, on the usage log's own thread: authentication never waits for it. A use
 * counts once, by the row of the request (an API route or a git request: the rows with a client
 * address); the access decisions an API route makes inside it carry no address and are not
 * counted again.
 */
public final class UsageWatch implements Consumer<List<UsageRow>> {

    private final UsagePatternStore store;
    private final Alerts alerts;

    public UsageWatch(UsagePatternStore store, Alerts alerts) {
        this.store = store;
        this.alerts = alerts;
    }

    @Override
    public void accept(List<UsageRow> rows) {
        List<TokenActivity> batch = activities(rows);
        if (batch.isEmpty()) {
            return;
        }
        for (PatternUpdate update : store.record(batch, BurstRule.HISTORY)) {
            NewOriginRule.alerts(update).forEach(alerts::raise);
            NewAlert burst = BurstRule.alert(update);
            if (burst != null) {
                alerts.raise(burst);
            }
        }
    }

    /** The rows folded per token, in token id order. */
    static List<TokenActivity> activities(List<UsageRow> rows) {
        Map<Long, Fold> folds = new TreeMap<>();
        for (UsageRow row : rows) {
            UsageEvent use = row.latest();
            if (use.ip() != null) {
                folds.computeIfAbsent(use.tokenId(), id -> new Fold()).add(use, row.uses());
            }
        }
        return folds.entrySet().stream().map(entry -> entry.getValue().activity(entry.getKey())).toList();
    }

    private static final class Fold {
        private long latest = Long.MIN_VALUE;
        private long uses;
        private final Map<String, Instant> ips = new HashMap<>();
        private final Map<String, Instant> agents = new HashMap<>();

        void add(UsageEvent use, int count) {
            Instant at = Instant.ofEpochMilli(use.atMillis());
            latest = Math.max(latest, use.atMillis());
            uses += count;
            ips.merge(use.ip(), at, Fold::later);
            if (use.userAgent() != null && !use.userAgent().isEmpty()) {
                agents.merge(clip(use.userAgent()), at, Fold::later);
            }
        }

        TokenActivity activity(long tokenId) {
            return new TokenActivity(tokenId, Instant.ofEpochMilli(latest), uses, ips, agents);
        }

        private static Instant later(Instant a, Instant b) {
            return a.isAfter(b) ? a : b;
        }

        private static String clip(String agent) {
            return agent.length() <= NewAlert.MAX_USER_AGENT ? agent : agent.substring(0, NewAlert.MAX_USER_AGENT);
        }
    }
}
