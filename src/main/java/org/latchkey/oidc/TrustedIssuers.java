package org.latchkey.oidc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.latchkey.InvalidField;
import org.latchkey.Refusal;
import org.latchkey.account.User;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.cluster.Lease;

/**
 * The issuers whose ID tokens are verified: those given on the command line ({@code serve
 * --oidc-issuer}, which the API lists but cannot delete) and those administrators added. Only
 * {@code https} issuers unless the server allows http ones. A token's {@code iss} is trusted when
 * it equals a trusted issuer exactly; {@link IssuerUrl} says how the entries are kept unique.
 * The stored issuers are read together and kept in memory, so a token naming an unknown issuer
 * costs no database read: only while this node holds its {@link Lease} and only in the lease term
 * they were read in (without a lease every check reads the store), and dropped when an issuer is
 * added or deleted, on this node at once and on the others through the invalidation notices
 * ({@link #changed}) before the changing call returns. A read that overlaps a change is not kept.
 * They are read again after {@link #CACHED_FOR} all the same (a node of an earlier version, during
 * a rolling upgrade, sends no notice).
 */
public final class TrustedIssuers {

    static final Duration CACHED_FOR = Duration.ofSeconds(30);

    /** The stored issuers by key, as read in lease term {@code term} after change {@code generation}. */
    private record Snapshot(Map<String, TrustedIssuer> byKey, long term, long generation, Instant readAt) {
    }

    private final IssuerStore store;
    private final Map<String, TrustedIssuer> configured = new LinkedHashMap<>();
    private final boolean allowHttp;
    private final AuditLog audit;
    private final Clock clock;
    private final Lease lease;
    private final AtomicLong generation = new AtomicLong();
    private volatile Snapshot stored;

    /** {@code configured}: the command line's issuers, checked like the API's; a bad one is an IllegalArgumentException. */
    public TrustedIssuers(IssuerStore store, List<String> configured, boolean allowHttp, AuditLog audit, Clock clock) {
        this(store, configured, allowHttp, audit, clock, Lease.always());
    }

    /** One that keeps the stored issuers in memory only while this node holds {@code lease}. */
    public TrustedIssuers(IssuerStore store, List<String> configured, boolean allowHttp, AuditLog audit, Clock clock,
                          Lease lease) {
        this.store = store;
        this.lease = lease;
        this.allowHttp = allowHttp;
        this.audit = audit;
        this.clock = clock;
        for (String issuer : configured) {
            IssuerUrl url = checkConfigured(issuer, allowHttp);
            this.configured.putIfAbsent(url.key(), new TrustedIssuer(null, url.value(), TrustedIssuer.CONFIG, null, null));
        }
    }

    /** The issuer URL checked as {@code serve --oidc-issuer} takes it. */
    public static IssuerUrl checkConfigured(String issuer, boolean allowHttp) {
        try {
            return IssuerUrl.parse(issuer, allowHttp);
        } catch (InvalidField e) {
            throw new IllegalArgumentException("--oidc-issuer " + issuer + ": " + e.reason(), e);
        }
    }

    public TrustedIssuer add(User admin, String issuer, Origin origin) {
        IssuerUrl url = IssuerUrl.parse(issuer, allowHttp);
        if (configured.containsKey(url.key())) {
            throw exists(configured.get(url.key()));
        }
        TrustedIssuer added = store.insert(url, admin.login(), clock.instant())
                .orElseThrow(() -> exists(store.findByKey(url.key()).orElseThrow()));
        changed();
        audit.record(AuditAction.OIDC_ISSUER_TRUSTED, admin.id(), admin.login(), null, origin,
                Map.of("issuer", added.issuer()));
        return added;
    }

    /** The configured issuers, then the stored ones in the order they were added. */
    public List<TrustedIssuer> list() {
        List<TrustedIssuer> all = new ArrayList<>(configured.values());
        all.addAll(store.list());
        return all;
    }

    /** Deletes a stored issuer named by its id or its URL (either form of its trailing slash). */
    public TrustedIssuer delete(User admin, String idOrIssuer, Origin origin) {
        TrustedIssuer found = find(idOrIssuer);
        if (found.id() == null) {
            throw Refusal.conflict("issuer_configured", "The issuer " + found.issuer()
                    + " is trusted by the server's command line (--oidc-issuer) and cannot be deleted here.",
                    "Restart the server without that --oidc-issuer.");
        }
        if (!store.delete(found.id())) {
            throw Refusal.noSuch("trusted issuer");
        }
        changed();
        audit.record(AuditAction.OIDC_ISSUER_REMOVED, admin.id(), admin.login(), null, origin,
                Map.of("issuer", found.issuer()));
        return found;
    }

    private TrustedIssuer find(String idOrIssuer) {
        if (idOrIssuer.chars().allMatch(Character::isDigit) && !idOrIssuer.isEmpty() && idOrIssuer.length() < 18) {
            return store.find(Long.parseLong(idOrIssuer)).orElseThrow(() -> Refusal.noSuch("trusted issuer"));
        }
        IssuerUrl url;
        try {
            url = IssuerUrl.parse(idOrIssuer, true);
        } catch (InvalidField e) {
            throw Refusal.noSuch("trusted issuer");
        }
        TrustedIssuer config = configured.get(url.key());
        return config != null ? config : store.findByKey(url.key()).orElseThrow(() -> Refusal.noSuch("trusted issuer"));
    }

    /** Whether {@code iss} is, exactly, the URL of a trusted issuer. */
    public boolean isTrusted(String iss) {
        return trusting(iss).isPresent();
    }

    /** The trusted issuer whose URL equals {@code iss} exactly, if any. */
    Optional<TrustedIssuer> trusting(String iss) {
        if (iss == null || iss.length() > IssuerUrl.MAX_LENGTH) {
            return Optional.empty();
        }
        if (!iss.startsWith("https://") && !(allowHttp && iss.startsWith("http://"))) {
            return Optional.empty();
        }
        String key = IssuerUrl.keyOf(iss);
        TrustedIssuer found = configured.get(key);
        if (found == null) {
            found = stored().get(key);
        }
        return Optional.ofNullable(found).filter(issuer -> issuer.issuer().equals(iss));
    }

    /** Drops the stored issuers from memory: one was added or deleted, here or on another node, or changes may have been missed. */
    public void changed() {
        generation.incrementAndGet();
        stored = null;
    }

    /**
     * The stored issuers by key: from memory when read in this lease term, since the last change
     * and within {@link #CACHED_FOR}; else from the store, kept unless a change came meanwhile (the
     * generation is read before the store, so a change committed after the read bumped it).
     */
    private Map<String, TrustedIssuer> stored() {
        long term = lease.term();
        if (term == 0) {
            return byKey(store.list());
        }
        Instant now = clock.instant();
        long seen = generation.get();
        Snapshot snapshot = stored;
        if (snapshot != null && snapshot.term() == term && snapshot.generation() == seen
                && now.isBefore(snapshot.readAt().plus(CACHED_FOR))) {
            return snapshot.byKey();
        }
        Map<String, TrustedIssuer> read = byKey(store.list());
        if (generation.get() == seen) {
            stored = new Snapshot(read, term, seen, now);
        }
        return read;
    }

    private static Map<String, TrustedIssuer> byKey(List<TrustedIssuer> issuers) {
        Map<String, TrustedIssuer> map = new HashMap<>();
        issuers.forEach(issuer -> map.put(IssuerUrl.keyOf(issuer.issuer()), issuer));
        return map;
    }

    boolean allowHttp() {
        return allowHttp;
    }

    private static Refusal exists(TrustedIssuer existing) {
        return Refusal.conflict("issuer_exists", "The issuer " + existing.issuer() + " is already trusted"
                + (existing.id() == null ? " (by the server's command line)." : " (id " + existing.id() + ")."));
    }
}
