package org.latchkey.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latchkey.audit.DeadTokenPresentations.Presentation;

/**
 * One token's dead presentations within one window of {@link DeadTokenPresentations}, by address
 * and outcome, and beyond the ceiling by outcome only. Callers hold its monitor.
 */
final class TokenWindow {

    private final long userId;
    private final long tokenId;
    private final int ceiling;
    private final Map<Place, Tally> places = new LinkedHashMap<>();
    private final Map<AuditAction, Tally> beyond = new EnumMap<>(AuditAction.class);
    private long presentations;
    private boolean closed;

    /** The presentations of one address (null: beyond the ceiling) not yet written, as an audit event. */
    record Repeats(AuditAction outcome, long userId, long tokenId, Origin origin, Map<String, String> details) {
    }

    private record Place(String ip, AuditAction outcome) {
    }

    TokenWindow(long userId, long tokenId, int ceiling) {
        this.userId = userId;
        this.tokenId = tokenId;
        this.ceiling = ceiling;
    }

    boolean closed() {
        return closed;
    }

    /** Counts a presentation; writes it to {@code audit} when it is the first of its place within the ceiling. */
    Presentation add(AuditAction outcome, Origin origin, Instant now, AuditLog audit) {
        Place place = new Place(origin.ip(), outcome);
        Tally tally = places.get(place);
        if (tally == null && places.size() < ceiling) {
            audit.record(outcome, userId, null, tokenId, origin, details(1, now, now));
            places.put(place, new Tally());
            return new Presentation(true, ++presentations <= ceiling);
        }
        (tally == null ? beyond.computeIfAbsent(outcome, o -> new Tally()) : tally).add(now, origin.userAgent());
        return new Presentation(false, ++presentations <= ceiling);
    }

    /** Closes the window to further presentations and answers what is left to write. */
    List<Repeats> close() {
        closed = true;
        List<Repeats> left = new ArrayList<>();
        places.forEach((place, tally) -> {
            if (tally.count > 0) {
                left.add(new Repeats(place.outcome(), userId, tokenId, new Origin(place.ip(), tally.userAgent),
                        details(tally.count, tally.first, tally.last)));
            }
        });
        beyond.forEach((outcome, tally) -> {
            Map<String, String> details = new LinkedHashMap<>(details(tally.count, tally.first, tally.last));
            details.put("beyond_ceiling", Integer.toString(ceiling));
            left.add(new Repeats(outcome, userId, tokenId, new Origin(null, null), details));
        });
        return left;
    }

    private static Map<String, String> details(long count, Instant first, Instant last) {
        return Map.of("count", Long.toString(count), "first_at", first.toString(), "last_at", last.toString());
    }

    private static final class Tally {
        private long count;
        private Instant first;
        private Instant last;
        private String userAgent;

        void add(Instant at, String agent) {
            count++;
            first = first == null ? at : first;
            last = at;
            userAgent = agent;
        }
    }
}
