package org.latchkey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.latchkey.access.Authorizer;
import org.latchkey.advice.TokenAdvisor;
import org.latchkey.alert.EmailSender;
import org.latchkey.alert.ExpiryNotices;
import org.latchkey.alert.NoticeDispatcher;
import org.latchkey.alert.NoticeMetrics;
import org.latchkey.alert.NoticeOutbox;
import org.latchkey.alert.Pruned;
import org.latchkey.alert.Retention;
import org.latchkey.alert.SmtpMailer;
import org.latchkey.alert.HookTargets;
import org.latchkey.alert.MissedAlertNotices;
import org.latchkey.alert.WebhookSender;
import org.latchkey.alert.Webhooks;
import org.latchkey.alert.AlertLimits;
import org.latchkey.alert.Alerts;
import org.latchkey.alert.FailedAuthentications;
import org.latchkey.alert.InactiveTokenAlerts;
import org.latchkey.alert.UsageWatch;
import org.latchkey.alert.Periodic;
import org.latchkey.account.AccountService;
import org.latchkey.account.FirstAdmin;
import org.latchkey.account.LoginThrottle;
import org.latchkey.account.Passwords;
import org.latchkey.account.Sessions;
import org.latchkey.account.TwoFactor;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.DeadTokenPresentations;
import org.latchkey.audit.UsageLog;
import org.latchkey.audit.UsageRecorder;
import org.latchkey.auth.Authenticator;
import org.latchkey.auth.DeadTokens;
import org.latchkey.auth.MalformedRequests;
import org.latchkey.auth.RateLimiter;
import org.latchkey.auth.TokenLookup;
import org.latchkey.crypto.SecretFiles;
import org.latchkey.git.BareRepositories;
import org.latchkey.git.GitHttpFilter;
import org.latchkey.git.PushPolicy;
import org.latchkey.org.OrgDirectory;
import org.latchkey.org.OrgResourceOwners;
import org.latchkey.org.OrgService;
import org.latchkey.org.OrgTokens;
import org.latchkey.org.OwnerTargets;
import org.latchkey.pkg.PackageService;
import org.latchkey.pkg.PublishProtection;
import org.latchkey.scan.ExposedTokens;
import org.latchkey.pkg.TarballFiles;
import org.latchkey.repo.RepositoryService;
import org.latchkey.scan.LeakReports;
import org.latchkey.scan.ReportThrottle;
import org.latchkey.token.FineGrainedTokens;
import org.latchkey.crypto.ServerKey;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.latchkey.http.HttpServer;
import org.latchkey.metrics.Metrics;
import org.latchkey.store.Database;
import org.latchkey.token.TokenService;
import org.latchkey.token.UnusedTokens;
import org.latchkey.alert.UnusedTokenNotices;
import org.latchkey.token.TokenSuspensions;
import org.latchkey.token.TokenBreach;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: builds every part of one server with plain constructors and runs it. */
public final class Latchkey implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Latchkey.class);
    static final long USAGE_FLUSH_MILLIS = 2000;

    private final Database database;
    private final UsageRecorder usage;
    private final UsageLog usageLog;
    private final DeadTokenLog deadTokenLog;
    private final HttpServer http;
    private final ServerKey serverKey;
    private final UnusedTokens unusedTokens;
    private final Notices notices;

    /** What tells and delivers notices: the outbox others tell, the dispatcher, and the expiry, missed-alert and retention jobs. */
    private record Notices(NoticeOutbox outbox, NoticeDispatcher dispatcher, ExpiryNotices expiry,
                           MissedAlertNotices missedAlerts, Retention retention) {
        void close() {
            retention.close();
            missedAlerts.close();
            expiry.close();
            dispatcher.close();
        }
    }

    /** The dead-token presentations counted in memory, and the thread that writes their closed windows every minute. */
    private record DeadTokenLog(DeadTokenPresentations presentations, Periodic flusher) {
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

    private Latchkey(Database database, UsageRecorder usage, UsageLog usageLog, DeadTokenLog deadTokenLog,
                     HttpServer http, ServerKey serverKey, UnusedTokens unusedTokens, Notices notices) {
        this.database = database;
        this.usage = usage;
        this.usageLog = usageLog;
        this.deadTokenLog = deadTokenLog;
        this.http = http;
        this.serverKey = serverKey;
        this.unusedTokens = unusedTokens;
        this.notices = notices;
    }

    public static Latchkey start(Settings settings) {
        Clock clock = settings.clock();
        SecureRandom random = new SecureRandom();
        try {
            SecretFiles.ensurePrivateDirectory(settings.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + settings.dataDir(), e);
        }
        ServerKey serverKey = ServerKey.load(settings.serverKey(), settings.dataDir(), random);
        Database database = settings.dbUrl() == null
                ? Database.embedded(settings.dataDir())
                : Database.postgres(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
        UsageRecorder usage = new UsageRecorder(database.tokens(), USAGE_FLUSH_MILLIS);
        UsageLog usageLog = new UsageLog(database.usage(), UsageLog.DEFAULT_CAPACITY, USAGE_FLUSH_MILLIS, clock,
                java.time.Duration.ofDays(settings.usageRetentionDays()));
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Metrics metrics = new Metrics(prometheus).withJvm();
        Gauge.builder("latchkey.usage.log.backlog", usageLog, UsageLog::backlog)
                .description("Uses queued for the usage log, not yet written").register(prometheus);
        FunctionCounter.builder("latchkey.usage.log.dropped", usageLog, UsageLog::dropped)
                .description("Uses dropped because the usage log's queue was full").register(prometheus);
        NoticeMetrics noticeMetrics = new NoticeMetrics(prometheus);
        Gauge.builder("latchkey.notice.deliveries.pending", database.deliveries(), d -> d.pendingCount())
                .description("Notice deliveries not yet delivered, failed or cancelled (read from the database)")
                .register(prometheus);
        NoticeOutbox outbox = new NoticeOutbox(database.notices(), clock);
        DeadTokenLog deadTokenLog = null;
        EmailSender email = settings.smtp() == null ? null : new SmtpMailer(settings.smtp());
        HookTargets hookTargets = new HookTargets(settings.webhookAllowLocalNetwork());
        NoticeDispatcher dispatcher = new NoticeDispatcher(database.deliveries(), database.hooks(), database.users(), email,
                new WebhookSender(WebhookSender.DEFAULT_TIMEOUT, hookTargets), serverKey, noticeMetrics, clock);
        outbox.onNew(told -> noticeMetrics.told(told.notice().event()));
        outbox.onNew(told -> dispatcher.wake());
        try {
            AuditLog audit = new AuditLog(database.audit(), clock);
            deadTokenLog = DeadTokenLog.start(audit, clock);
            Alerts alerts = new Alerts(database.alerts(), outbox, audit, AlertLimits.DEFAULT, prometheus);
            FailedAuthentications failedAuthentications = new FailedAuthentications(alerts, clock);
            usageLog.onFlush(new UsageWatch(database.usagePatterns(), alerts));
            TokenLookup lookup = new TokenLookup(database.tokens(), database.users(), database.twoFactor(), usage, clock, metrics);
            database.listenForTokenChanges(lookup::invalidate, lookup::invalidateAll);
            Authorizer authorizer = new Authorizer(new OrgDirectory(database.orgs()), database.twoFactor(), clock, usageLog);
            OrgResourceOwners resourceOwners = new OrgResourceOwners(database.users(), database.orgs(), database.repositories());
            FineGrainedTokens fineGrained = new FineGrainedTokens(resourceOwners);
            TokenService tokens = new TokenService(database.tokens(), fineGrained, lookup, audit, clock, random);
            LoginThrottle throttle = new LoginThrottle(clock);
            Passwords passwords = new Passwords(random);
            AccountService accounts = new AccountService(database.users(), passwords, audit, clock);
            FirstAdmin.ensure(accounts, settings.dataDir(), random);
            TwoFactor twoFactor = new TwoFactor(database.twoFactor(), database.users(), passwords, throttle, serverKey, audit,
                    clock, failedAuthentications, lookup);
            Sessions sessions = new Sessions(database.users(), passwords, throttle, tokens, twoFactor, audit,
                    failedAuthentications);
            Authenticator authenticator = new Authenticator(lookup, throttle, new DeadTokens(deadTokenLog.presentations(),
                    throttle, tokens, clock, new InactiveTokenAlerts(alerts), failedAuthentications), clock, metrics);
            BareRepositories files = new BareRepositories(settings.dataDir().resolve("repositories"));
            RepositoryService repositories = new RepositoryService(database.repositories(), files, authorizer, audit, clock);
            MalformedRequests malformed = new MalformedRequests(throttle);
            GitHttpFilter git = new GitHttpFilter(authenticator, authorizer, repositories, files,
                    new PushPolicy(database.tokens(), authorizer, audit, clock, settings.pushProtection(), metrics), malformed);
            OrgService orgs = new OrgService(database.orgs(), database.users(), authorizer, database.twoFactor(), audit, clock);
            OrgTokens orgTokens = new OrgTokens(orgs, database.tokens(), lookup, audit, clock);
            OwnerTargets ownerTargets = new OwnerTargets(database.users(), database.orgs());
            PackageService packages = new PackageService(database.packages(),
                    new TarballFiles(settings.dataDir().resolve("packages")), ownerTargets, authorizer, audit, clock,
                    new PublishProtection(new ExposedTokens(database.tokens(), clock), audit, metrics,
                            settings.pushProtection()));
            UnusedTokens unusedTokens = new UnusedTokens(database.tokens(), lookup, audit, clock,
                    settings.revokeUnusedAfterDays(), new OrgDirectory(database.orgs())::policy,
                    database.orgs()::shortestRevokeUnusedAfterDays, usage::flush);
            unusedTokens.onRevoked(new UnusedTokenNotices(outbox));
            HttpServer http = HttpServer.start(settings.bind(), settings.port(), new HttpServer.Services(authenticator,
                    new RateLimiter(settings.rateLimitPerHour(), clock), tokens, sessions, accounts, audit, repositories,
                    twoFactor, orgs, orgTokens, database.users(), database.repositories(), authorizer,
                    ownerTargets,
                    new TokenAdvisor(tokens, database.usage(), resourceOwners, clock), usageLog,
                    new LeakReports(tokens, new ReportThrottle(clock)), clock, metrics, prometheus, settings.metricsToken(),
                    new TokenSuspensions(tokens, database.tokens(), database.users(), lookup, audit, clock),
                    new TokenBreach(tokens, usageLog, clock), packages,
                    new Webhooks(database.hooks(), database.deliveries(), dispatcher, serverKey, audit, clock, random,
                            hookTargets),
                    alerts, settings.publicUrl(), settings.trustedProxies(), malformed),
                    List.of(git));
            ExpiryNotices expiry = new ExpiryNotices(database.tokens(), outbox, clock, settings.publicUrlOr(http.port()));
            Retention retention = new Retention(database.notices(), database.deliveries(), database.alerts(),
                    database.usagePatterns(), clock, java.time.Duration.ofDays(settings.usageRetentionDays()), prometheus);
            Notices notices = new Notices(outbox, dispatcher.start(), expiry.start(),
                    new MissedAlertNotices(database.alerts(), outbox, clock).start(), retention.start());
            LOG.info("Latchkey is serving on http://{}:{} ({})", settings.bind(), http.port(), settings);
            unusedTokens.start();
            return new Latchkey(database, usage, usageLog, deadTokenLog, http, serverKey, unusedTokens, notices);
        } catch (RuntimeException e) {
            if (deadTokenLog != null) {
                deadTokenLog.close();
            }
            dispatcher.close();
            usageLog.close();
            usage.close();
            database.close();
            throw e;
        }
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
        unusedTokens.close();
        http.close();
        deadTokenLog.close();
        notices.close();
        usageLog.close();
        usage.close();
        database.close();
    }
}
