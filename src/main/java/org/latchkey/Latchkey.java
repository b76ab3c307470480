package org.latchkey;

import java.time.Clock;
import org.latchkey.notice.ExpiryNotices;
import org.latchkey.notice.NoticeDispatcher;
import org.latchkey.notice.NoticeOutbox;
import org.latchkey.notice.Pruned;
import org.latchkey.alert.Retention;
import org.latchkey.alert.MissedAlertNotices;
import org.latchkey.notice.Periodic;
import org.latchkey.account.CountSync;
import org.latchkey.audit.AuditLog;
import org.latchkey.cluster.NodeRegistry;
import org.latchkey.audit.DeadTokenPresentations;
import org.latchkey.audit.UsageLog;
import org.latchkey.audit.UsageRecorder;
import org.latchkey.crypto.ServerKey;
import org.latchkey.http.HttpServer;
import org.latchkey.store.Database;
import org.latchkey.token.UnusedTokens;
import org.latchkey.trust.JobTokens;
import org.latchkey.trust.TrustPolicies;

/** One running server: started from its settings (the parts are built by {@link Composition}), flushed, pruned and stopped. */
public final class Latchkey implements AutoCloseable {

    private final Database database;
    private final UsageRecorder usage;
    private final UsageLog usageLog;
    private final DeadTokenLog deadTokenLog;
    private final HttpServer http;
    private final ServerKey serverKey;
    private final UnusedTokens unusedTokens;
    private final CountSync countSync;
    private final Notices notices;
    private final Trust trust;
    private final Cluster cluster;

    /** This node in the node table, and the job that writes its heartbeat every second. */
    record Cluster(NodeRegistry registry, Periodic heartbeat) {
    }

    /** Trust policies and the job tokens they mint, for the OIDC exchange (and tests) to call. */
    public record Trust(TrustPolicies policies, JobTokens jobs) {
    }

    /** What tells and delivers notices: the outbox others tell, the dispatcher, and the expiry, missed-alert and retention jobs, and the pruning of used ID tokens. */
    record Notices(NoticeOutbox outbox, NoticeDispatcher dispatcher, ExpiryNotices expiry,
                   MissedAlertNotices missedAlerts, Retention retention, Periodic usedIdTokens) {
        void close() {
            usedIdTokens.close();
            retention.close();
            missedAlerts.close();
            expiry.close();
            dispatcher.close();
        }
    }

    /** The dead-token presentations counted in memory, and the thread that writes their closed windows every minute. */
    record DeadTokenLog(DeadTokenPresentations presentations, Periodic flusher) {
        static DeadTokenLog start(AuditLog audit, Clock clock) {
            DeadTokenPresentations presentations = new DeadTokenPresentations(audit, clock);
            return new DeadTokenLog(presentations, new Periodic("latchkey-dead-tokens", presentations::flush)
                    .schedule(DeadTokenPresentations.FLUSH_INTERVAL, DeadTokenPresentations.FLUSH_INTERVAL));
        }

        /** Stops the thread, then writes every window. */
        void close() {
            flusher.close();
            presentations.close();
        }
    }

    Latchkey(Database database, UsageRecorder usage, UsageLog usageLog, DeadTokenLog deadTokenLog,
             HttpServer http, ServerKey serverKey, UnusedTokens unusedTokens, Notices notices, Trust trust,
             CountSync countSync, Cluster cluster) {
        this.cluster = cluster;
        this.trust = trust;
        this.countSync = countSync;
        this.database = database;
        this.usage = usage;
        this.usageLog = usageLog;
        this.deadTokenLog = deadTokenLog;
        this.http = http;
        this.serverKey = serverKey;
        this.unusedTokens = unusedTokens;
        this.notices = notices;
    }

    /** Merges this node's limit counts with the other nodes' now (as its background job does every half second). */
    public void syncLimits() {
        countSync.syncNow();
    }

    /** Writes this node's heartbeat now (as its background job does every second). */
    public void beat() {
        cluster.registry().beat();
    }

    /** This node's id in the node table. */
    public String nodeId() {
        return cluster.registry().nodeId();
    }

    /** Builds a server from the settings and starts it. */
    public static Latchkey start(Settings settings) {
        return new Composition(settings).start();
    }

    public Trust trust() {
        return trust;
    }

    public int port() {
        return http.port();
    }

    public ServerKey serverKey() {
        return serverKey;
    }

    /**
     * Writes pending usage (last-used details, the usage log, and the repeats of dead-token
     * presentations whose window has closed) now instead of at the next interval.
     */
    public void flushUsage() {
        usage.flush();
        usageLog.flush();
        deadTokenLog.presentations().flush();
    }

    /** Prunes the usage log now (as its background thread does hourly); answers how many rows went. */
    public int pruneUsage() {
        return usageLog.prune();
    }

    /** Prunes notices, deliveries, alerts and use patterns now (as the retention job does hourly); answers what went. */
    public Pruned pruneRetention() {
        return notices.retention().prune();
    }

    /** Revokes the tokens unused for too long now (as its background thread does hourly); answers how many. */
    public int revokeUnusedTokens() {
        return unusedTokens.revokeUnused();
    }

    /** Where every part of the server tells account owners something (expiry notices, alerts). */
    public NoticeOutbox notifier() {
        return notices.outbox();
    }

    /** Runs the expiry notice job now (as its background thread does every 10 minutes); answers how many were told. */
    public int runExpiryNotices() {
        return notices.expiry().run();
    }

    /** Tells the alert notices a stopped node missed (as its background thread does every 10 minutes); answers how many. */
    public int tellMissedAlertNotices() {
        return notices.missedAlerts().run();
    }

    /** Delivers the notices due now (as the dispatcher's thread does); answers how many sends were attempted. */
    public int dispatchNotices() {
        return notices.dispatcher().runOnce();
    }

    @Override
    public void close() {
        cluster.heartbeat().close();
        countSync.close();
        unusedTokens.close();
        http.close();
        deadTokenLog.close();
        notices.close();
        usageLog.close();
        usage.close();
        database.close();
    }
}
