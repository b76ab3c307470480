package org.latchkey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.latchkey.access.Authorizer;
import org.latchkey.advice.TokenAdvisor;
import org.latchkey.alert.AlertLimits;
import org.latchkey.alert.Alerts;
import org.latchkey.alert.FailedAuthentications;
import org.latchkey.alert.InactiveTokenAlerts;
import org.latchkey.alert.NoticeOutbox;
import org.latchkey.alert.UsageWatch;
import org.latchkey.account.AccountService;
import org.latchkey.account.FirstAdmin;
import org.latchkey.account.LoginThrottle;
import org.latchkey.account.Passwords;
import org.latchkey.account.Sessions;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.UsageLog;
import org.latchkey.audit.UsageRecorder;
import org.latchkey.auth.Authenticator;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: builds every part of one server with plain constructors and runs it. */
public final class Latchkey implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Latchkey.class);
    static final long USAGE_FLUSH_MILLIS = 2000;

    private final Database database;
    private final UsageRecorder usage;
    private final UsageLog usageLog;
    private final HttpServer http;
    private final ServerKey serverKey;

    private Latchkey(Database database, UsageRecorder usage, UsageLog usageLog, HttpServer http, ServerKey serverKey) {
        this.database = database;
        this.usage = usage;
        this.usageLog = usageLog;
        this.http = http;
        this.serverKey = serverKey;
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
        try {
            AuditLog audit = new AuditLog(database.audit(), clock);
            NoticeOutbox outbox = new NoticeOutbox(database.notices(), clock);
            Alerts alerts = new Alerts(database.alerts(), outbox, audit, AlertLimits.DEFAULT, prometheus);
            FailedAuthentications failedAuthentications = new FailedAuthentications(alerts, clock);
            usageLog.onFlush(new UsageWatch(database.usagePatterns(), alerts));
            TokenLookup lookup = new TokenLookup(database.tokens(), database.users(), usage, metrics);
            database.listenForTokenChanges(lookup::invalidate, lookup::invalidateAll);
            Authorizer authorizer = new Authorizer(new OrgDirectory(database.orgs()), clock, usageLog);
            OrgResourceOwners resourceOwners = new OrgResourceOwners(database.users(), database.orgs(), database.repositories());
            FineGrainedTokens fineGrained = new FineGrainedTokens(resourceOwners);
            TokenService tokens = new TokenService(database.tokens(), fineGrained, lookup, audit, clock, random);
            LoginThrottle throttle = new LoginThrottle(clock);
            Passwords passwords = new Passwords(random);
            AccountService accounts = new AccountService(database.users(), passwords, audit, clock);
            FirstAdmin.ensure(accounts, settings.dataDir(), random);
            Sessions sessions = new Sessions(database.users(), passwords, throttle, tokens, audit, failedAuthentications);
            Authenticator authenticator = new Authenticator(lookup, throttle, tokens, audit, clock, metrics,
                    new InactiveTokenAlerts(alerts), failedAuthentications);
            BareRepositories files = new BareRepositories(settings.dataDir().resolve("repositories"));
            RepositoryService repositories = new RepositoryService(database.repositories(), files, authorizer, audit, clock);
            GitHttpFilter git = new GitHttpFilter(authenticator, authorizer, repositories, files,
                    new PushPolicy(database.tokens(), authorizer, audit, clock, settings.pushProtection(), metrics));
            OrgService orgs = new OrgService(database.orgs(), database.users(), authorizer, audit, clock);
            OrgTokens orgTokens = new OrgTokens(orgs, database.tokens(), lookup, audit, clock);
            HttpServer http = HttpServer.start(settings.bind(), settings.port(), new HttpServer.Services(authenticator,
                    new RateLimiter(settings.rateLimitPerHour(), clock), tokens, sessions, accounts, audit, repositories,
                    orgs, orgTokens, database.users(), database.repositories(), authorizer,
                    new OwnerTargets(database.users(), database.orgs()),
                    new TokenAdvisor(tokens, database.usage(), resourceOwners, clock), usageLog,
                    new LeakReports(tokens, new ReportThrottle(clock)), clock, metrics, prometheus, settings.metricsToken(),
                    alerts),
                    List.of(git));
            LOG.info("Latchkey is serving on http://{}:{} ({})", settings.bind(), http.port(), settings);
            return new Latchkey(database, usage, usageLog, http, serverKey);
        } catch (RuntimeException e) {
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

    /** Writes pending usage (last-used details and the usage log) now instead of at the next interval. */
    public void flushUsage() {
        usage.flush();
        usageLog.flush();
    }

    /** Prunes the usage log now (as its background thread does hourly); answers how many rows went. */
    public int pruneUsage() {
        return usageLog.prune();
    }

    @Override
    public void close() {
        http.close();
        usageLog.close();
        usage.close();
        database.close();
    }
}
