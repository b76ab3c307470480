package org.latchkey;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.latchkey.access.Authorizer;
import org.latchkey.account.AccountService;
import org.latchkey.account.FirstAdmin;
import org.latchkey.account.Attempts;
import org.latchkey.account.CountSync;
import org.latchkey.account.LoginThrottle;
import org.latchkey.account.SharedCounts;
import org.latchkey.redis.RedisCountExchange;
import org.latchkey.account.PasswordChanges;
import org.latchkey.account.PasswordEvents;
import org.latchkey.account.PasswordResets;
import org.latchkey.account.Passwords;
import org.latchkey.alert.PasswordAlerts;
import org.latchkey.notice.ResetCodeEmails;
import org.latchkey.token.Sessions;
import org.latchkey.account.TwoFactor;
import org.latchkey.admin.UserAdministration;
import org.latchkey.advice.TokenAdvisor;
import org.latchkey.alert.AlertLimits;
import org.latchkey.alert.Alerts;
import org.latchkey.notice.ExpiryNotices;
import org.latchkey.alert.FailedAuthentications;
import org.latchkey.notice.HookTargets;
import org.latchkey.alert.InactiveTokenAlerts;
import org.latchkey.alert.MissedAlertNotices;
import org.latchkey.notice.NoticeDispatcher;
import org.latchkey.notice.NoticeMetrics;
import org.latchkey.notice.NoticeOutbox;
import org.latchkey.alert.Retention;
import org.latchkey.notice.SmtpMailer;
import org.latchkey.notice.UnusedTokenNotices;
import org.latchkey.alert.UsageWatch;
import org.latchkey.notice.WebhookSender;
import org.latchkey.notice.Webhooks;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.UsageLog;
import org.latchkey.audit.UsageRecorder;
import org.latchkey.auth.Authenticator;
import org.latchkey.auth.DeadTokens;
import org.latchkey.auth.MalformedRequests;
import org.latchkey.auth.RateLimiter;
import org.latchkey.auth.TokenLookup;
import org.latchkey.cluster.Lease;
import org.latchkey.cluster.NodeRegistry;
import org.latchkey.cluster.Readiness;
import org.latchkey.http.NodeRoutes;
import org.latchkey.notice.Periodic;
import org.latchkey.crypto.SecretFiles;
import org.latchkey.crypto.ServerKey;
import org.latchkey.gate.Gate;
import org.latchkey.git.BareRepositories;
import org.latchkey.git.GitHttpFilter;
import org.latchkey.git.PushPolicy;
import org.latchkey.http.AccountRoutes;
import org.latchkey.http.AdminUserRoutes;
import org.latchkey.http.AlertRoutes;
import org.latchkey.http.AuditPages;
import org.latchkey.http.AuthCheckRoutes;
import org.latchkey.http.BreachRoutes;
import org.latchkey.http.CheckRoutes;
import org.latchkey.http.DeviceCodeRoute;
import org.latchkey.http.HookRoutes;
import org.latchkey.http.ExchangeRoutes;
import org.latchkey.http.HttpServer;
import org.latchkey.http.LeakRoutes;
import org.latchkey.http.MetricsRoute;
import org.latchkey.http.NpmRoutes;
import org.latchkey.http.OidcRoutes;
import org.latchkey.http.OrgRoutes;
import org.latchkey.http.PasswordRoutes;
import org.latchkey.http.PackageRoutes;
import org.latchkey.http.RepoRoutes;
import org.latchkey.http.RouteGroup;
import org.latchkey.http.ServerRoutes;
import org.latchkey.http.SuspensionRoutes;
import org.latchkey.http.TokenRoutes;
import org.latchkey.http.TokenViews;
import org.latchkey.http.TrustRoutes;
import org.latchkey.http.TwoFactorRoutes;
import org.latchkey.http.UsagePages;
import org.latchkey.http.OAuthAppRoutes;
import org.latchkey.http.OAuthTokenRoute;
import org.latchkey.http.IntrospectionRoute;
import org.latchkey.http.web.AdminUserPages;
import org.latchkey.http.web.OAuthAppPages;
import org.latchkey.http.web.OrgAppRestrictionPages;
import org.latchkey.http.web.DevicePages;
import org.latchkey.http.web.OAuthPages;
import org.latchkey.oauth.AuthorizationCodeGrant;
import org.latchkey.oauth.DeviceCodeGrant;
import org.latchkey.oauth.DeviceFlow;
import org.latchkey.oauth.Authorizations;
import org.latchkey.oauth.Introspection;
import org.latchkey.oauth.OAuthApps;
import org.latchkey.oauth.OAuthGrants;
import org.latchkey.oauth.OAuthTokens;
import org.latchkey.oauth.OrgAppRestrictions;
import org.latchkey.oauth.RefreshTokenGrant;
import org.latchkey.oauth.TokenEndpoint;
import org.latchkey.http.web.OrgPages;
import org.latchkey.http.web.PasswordPages;
import org.latchkey.http.web.SecurityAlertsPage;
import org.latchkey.http.web.SecurityLogPage;
import org.latchkey.http.web.SecurityPages;
import org.latchkey.http.web.SignInPages;
import org.latchkey.http.web.SudoPages;
import org.latchkey.http.web.TokenPages;
import org.latchkey.http.web.TrustPages;
import org.latchkey.http.web.WebRoutes;
import org.latchkey.metrics.Metrics;
import org.latchkey.oidc.IdTokens;
import org.latchkey.oidc.TrustedIssuers;
import org.latchkey.org.OrgDirectory;
import org.latchkey.org.OrgResourceOwners;
import org.latchkey.org.OrgService;
import org.latchkey.org.OrgTokens;
import org.latchkey.org.OwnerTargets;
import org.latchkey.pkg.PackageService;
import org.latchkey.pkg.PublishProtection;
import org.latchkey.pkg.TarballFiles;
import org.latchkey.repo.RepositoryService;
import org.latchkey.scan.ExposedTokens;
import org.latchkey.scan.LeakReports;
import org.latchkey.scan.ReportThrottle;
import org.latchkey.store.Database;
import org.latchkey.token.FineGrainedTokens;
import org.latchkey.token.TokenBreach;
import org.latchkey.token.TokenService;
import org.latchkey.token.TokenSuspensions;
import org.latchkey.token.UnusedTokens;
import org.latchkey.trust.JobTokenExchange;
import org.latchkey.trust.JobTokens;
import org.latchkey.trust.TrustPolicies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one server feature by feature with plain constructors, each part once, in the order the
 * parts need each other; then mounts every feature's route groups and starts what runs. A new
 * feature adds its method here and one line to {@link #apiRoutes} or {@link #webPages}.
 * Large because it names every part of the server; each method composes one feature.
 */
final class Composition {

    private static final Logger LOG = LoggerFactory.getLogger(Latchkey.class);
    static final long USAGE_FLUSH_MILLIS = 2000;

    private final Settings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private ServerKey serverKey;
    private Database database;
    private PrometheusMeterRegistry prometheus;
    private Metrics metrics;
    private UsageRecorder usage;
    private UsageLog usageLog;
    private AuditLog audit;
    private Latchkey.DeadTokenLog deadTokenLog;
    private NoticeOutbox outbox;
    private NoticeDispatcher dispatcher;
    private Webhooks webhooks;
    private Alerts alerts;
    private FailedAuthentications failedAuthentications;
    private TokenLookup lookup;
    private OrgDirectory orgDirectory;
    private Authorizer authorizer;
    private OrgResourceOwners resourceOwners;
    private ExposedTokens exposed;
    private TokenService tokens;
    private TokenAdvisor advisor;
    private TokenSuspensions suspensions;
    private TokenBreach breach;
    private LoginThrottle throttle;
    private SharedCounts sharedCounts;
    private CountSync countSync;
    private RedisCountExchange redisCounts;
    private AccountService accounts;
    private Optional<Path> firstAdminPassword;
    private TwoFactor twoFactor;
    private Sessions sessions;
    private PasswordChanges passwordChanges;
    private PasswordResets passwordResets;
    private Authenticator authenticator;
    private MalformedRequests malformed;
    private Gate gate;
    private FileStorage repositoryStorage;
    private FileStorage packageStorage;
    private BareRepositories files;
    private RepositoryService repositories;
    private OrgService orgs;
    private OrgTokens orgTokens;
    private OwnerTargets ownerTargets;
    private PackageService packages;
    private UnusedTokens unusedTokens;
    private UserAdministration administration;
    private TrustedIssuers trustedIssuers;
    private IdTokens idTokens;
    private volatile int port;
    private Latchkey.Trust trust;
    private OAuthTokens oauthTokens;
    private OAuthGrants oauthGrants;
    private OAuthApps oauthApps;
    private DeviceFlow deviceFlow;
    private OrgAppRestrictions appRestrictions;
    private Lease lease;
    private String nodeId;
    private NodeRegistry nodes;
    private Readiness readiness;
    private Latchkey.Cluster cluster;

    Composition(Settings settings) {
        this.settings = settings;
        this.clock = settings.clock();
    }

    /** Builds every part, starts the HTTP server and the background jobs; on failure stops what was started. */
    Latchkey start() {
        try {
            storage();
            observability();
            usage();
            audit();
            notices();
            alerts();
            tokens();
            accounts();
            authentication();
            repositories();
            orgs();
            packages();
            administration();
            oidc();
            trust();
            oauth();
            unusedTokens();
            cluster();
            HttpServer http = serve();
            port = http.port();
            cluster = startCluster();
            Latchkey.Notices notices = startNotices(http.port());
            LOG.info("Latchkey is serving on {}://{}:{} ({})", settings.tls() == null ? "http" : "https", settings.bind(),
                    http.port(), settings);
            firstAdminPassword.ifPresent(file -> FirstAdmin.announce(file, settings.publicUrlOr(http.port())));
            unusedTokens.start();
            countSync = CountSync.start(sharedCounts, redisCounts);
            return new Latchkey(database, usage, usageLog, deadTokenLog, http, serverKey, unusedTokens, notices, trust,
                    countSync, cluster);
        } catch (RuntimeException e) {
            stopStarted();
            throw e;
        }
    }

    private void storage() {
        try {
            SecretFiles.ensurePrivateDirectory(settings.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + settings.dataDir(), e);
        }
        serverKey = ServerKey.load(settings.serverKey(), settings.dataDir(), random);
        repositoryStorage = sharedFiles("repository", settings.repositories(), settings.repositoriesDir());
        packageStorage = sharedFiles("package", settings.packages(), settings.packagesDir());
        database = settings.dbUrl() == null
                ? Database.embedded(settings.dataDir())
                : Database.postgres(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
    }

    /**
     * A directory of files for every node: one given is used as it is (it was checked; a lost mount
     * must not be re-created empty), the default one in the data directory is created.
     */
    private FileStorage sharedFiles(String what, Path given, Path directory) {
        if (given == null) {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the directory " + directory, e);
            }
        } else if (settings.dbUrl() != null && (settings.repositories() == null || settings.packages() == null)) {
            LOG.warn("--repositories and --packages should both be on the storage every node shares;"
                    + " only {} files are", what);
        }
        return new FileStorage(what, directory);
    }

    private void observability() {
        prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics = new Metrics(prometheus).withJvm();
    }

    private void usage() {
        usage = new UsageRecorder(database.tokens(), USAGE_FLUSH_MILLIS);
        usageLog = new UsageLog(database.usage(), UsageLog.DEFAULT_CAPACITY, USAGE_FLUSH_MILLIS, clock,
                Duration.ofDays(settings.usageRetentionDays()));
        Gauge.builder("latchkey.usage.log.backlog", usageLog, UsageLog::backlog)
                .description("Uses queued for the usage log, not yet written").register(prometheus);
        FunctionCounter.builder("latchkey.usage.log.dropped", usageLog, UsageLog::dropped)
                .description("Uses dropped because the usage log's queue was full").register(prometheus);
    }

    /** The outbox every part tells, the dispatcher that delivers by email and webhook, and the user's hooks. */
    private void notices() {
        NoticeMetrics noticeMetrics = new NoticeMetrics(prometheus);
        Gauge.builder("latchkey.notice.deliveries.pending", database.deliveries(), d -> d.pendingCount())
                .description("Notice deliveries not yet delivered, failed or cancelled (read from the database)")
                .register(prometheus);
        outbox = new NoticeOutbox(database.notices(), clock);
        HookTargets hookTargets = new HookTargets(settings.webhookAllowLocalNetwork());
        dispatcher = new NoticeDispatcher(database.deliveries(), database.hooks(), database.users(),
                settings.smtp() == null ? null : new SmtpMailer(settings.smtp()),
                new WebhookSender(WebhookSender.DEFAULT_TIMEOUT, hookTargets), serverKey, noticeMetrics, clock);
        outbox.onNew(told -> noticeMetrics.told(told.notice().event()));
        outbox.onNew(told -> dispatcher.wake());
        webhooks = new Webhooks(database.hooks(), database.deliveries(), dispatcher, serverKey, audit, clock, random,
                hookTargets);
    }

    private void audit() {
        audit = new AuditLog(database.audit(), clock);
        deadTokenLog = Latchkey.DeadTokenLog.start(audit, clock);
    }

    private void alerts() {
        alerts = new Alerts(database.alerts(), outbox, audit, AlertLimits.DEFAULT, prometheus, clock);
        failedAuthentications = new FailedAuthentications(alerts, clock);
        usageLog.onFlush(new UsageWatch(database.usagePatterns(), alerts));
    }

    /** Tokens: the cache every node keeps in step, who may do what, and what manages, advises on, suspends and retires tokens. */
    private void tokens() {
        nodeId = UUID.randomUUID().toString();
        lease = database.shared() ? Lease.renewable(System::nanoTime) : Lease.always();
        lookup = new TokenLookup(database.tokens(), database.users(), database.twoFactor(), usage, clock, metrics,
                settings.tokenCacheSize(), lease);
        orgDirectory = new OrgDirectory(database.orgs());
        appRestrictions = new OrgAppRestrictions(database.oauth(), audit, clock, lease);
        trustedIssuers = new TrustedIssuers(database.oidcIssuers(), settings.oidcIssuers(),
                settings.oidcAllowHttpIssuers(), audit, clock, lease);
        database.listenForTokenChanges(nodeId, lease, lookup::invalidate, appRestrictions::orgChanged,
                trustedIssuers::changed, () -> {
                    lookup.invalidateAll();
                    appRestrictions.allChanged();
                    trustedIssuers.changed();
                });
        authorizer = new Authorizer(orgDirectory, database.twoFactor(), clock, usageLog, appRestrictions);
        resourceOwners = new OrgResourceOwners(database.users(), database.orgs(), database.repositories());
        exposed = new ExposedTokens(database.tokens(), clock, () -> oauthApps);
        tokens = new TokenService(database.tokens(), new FineGrainedTokens(resourceOwners), lookup, audit, clock, random);
        advisor = new TokenAdvisor(tokens, database.usage(), resourceOwners, clock);
        suspensions = new TokenSuspensions(tokens, database.tokens(), database.users(), lookup, audit, clock);
        breach = new TokenBreach(tokens, usageLog, clock);
    }

    /** Accounts: passwords, the sign-in throttle, two-factor authentication and sessions; the first admin on a fresh server. */
    private void accounts() {
        String node = nodeId;
        if (settings.redisUrl() != null) {
            redisCounts = new RedisCountExchange(URI.create(settings.redisUrl()), "latchkey:counts:");
            sharedCounts = SharedCounts.shared(redisCounts, node, clock);
        } else {
            sharedCounts = database.shared() ? SharedCounts.shared(database.counts(), node, clock) : SharedCounts.local(clock);
        }
        throttle = new LoginThrottle(clock, sharedCounts);
        Passwords passwords = new Passwords(random);
        accounts = new AccountService(database.users(), passwords, audit, clock);
        firstAdminPassword = FirstAdmin.ensure(accounts, database.users(), database.passwords(), settings.dataDir(), random);
        twoFactor = new TwoFactor(database.twoFactor(), database.users(), passwords, throttle, serverKey, audit,
                clock, failedAuthentications, lookup);
        sessions = new Sessions(database.users(), passwords, throttle, tokens, twoFactor, audit, failedAuthentications);
        passwords(passwords);
    }

    /** Changing a password, and an administrator's reset codes (emailed directly when SMTP is set). */
    private void passwords(Passwords passwords) {
        Attempts attempts = new Attempts(database.users(), passwords, throttle, audit, failedAuthentications);
        PasswordEvents events = new PasswordEvents(lookup, new PasswordAlerts(alerts, clock), settings.dataDir());
        passwordChanges = new PasswordChanges(database.passwords(), passwords, attempts, twoFactor, events, audit, clock);
        passwordResets = new PasswordResets(database.users(), database.passwords(), passwords, attempts, events,
                new ResetCodeEmails(settings.smtp() == null ? null : new SmtpMailer(settings.smtp()), settings.publicUrl()),
                audit, clock, random);
    }

    /** Who a caller is: one authenticator for the API, git, npm and the web pages, and the count of malformed requests. */
    private void authentication() {
        DeadTokens deadTokens = new DeadTokens(deadTokenLog.presentations(), throttle, tokens, clock,
                new InactiveTokenAlerts(alerts), failedAuthentications, settings.rotationReuseInterval());
        authenticator = new Authenticator(lookup, throttle, deadTokens, clock, metrics);
        malformed = new MalformedRequests(throttle);
        gate = new Gate(authenticator, new RateLimiter(settings.rateLimitPerHour(), clock, sharedCounts), authorizer, usageLog, clock,
                metrics);
    }

    private void repositories() {
        files = new BareRepositories(repositoryStorage);
        repositories = new RepositoryService(database.repositories(), files, authorizer, audit, clock);
    }

    private void orgs() {
        orgs = new OrgService(database.orgs(), database.users(), authorizer, database.twoFactor(), audit, clock);
        orgTokens = new OrgTokens(orgs, database.tokens(), lookup, audit, clock);
        ownerTargets = new OwnerTargets(database.users(), database.orgs());
    }

    private void packages() {
        packages = new PackageService(database.packages(), new TarballFiles(packageStorage),
                ownerTargets, authorizer, audit, clock,
                new PublishProtection(exposed, audit, metrics, settings.pushProtection()));
    }

    /** What administrators do with accounts; a deletion removes the files of what it deleted. */
    private void administration() {
        administration = new UserAdministration(database.userAdmin(), lookup, files,
                new TarballFiles(packageStorage)::deleteAll, audit, clock);
    }

    /** Trust policies, which may name only an issuer the server trusts, and the job tokens they mint. */
    private void trust() {
        JobTokens jobs = new JobTokens(database.jobTokens(), database.tokens(), lookup, audit, clock, random,
                Duration.ofDays(settings.usageRetentionDays()));
        trust = new Latchkey.Trust(new TrustPolicies(database.trustPolicies(), trustedIssuers::isTrusted, resourceOwners,
                settings.oidcAllowHttpIssuers(), jobs, audit, clock), jobs);
    }

    /** OAuth apps: the tokens they get, and the grants users give them. */
    private void oauth() {
        oauthTokens = new OAuthTokens(database.oauth(), lookup, audit, clock, random);
        oauthGrants = new OAuthGrants(database.oauth(), oauthTokens, audit);
        oauthApps = new OAuthApps(database.oauth(), lookup, audit, clock, random);
        deviceFlow = new DeviceFlow(database.oauth(), oauthTokens, audit, clock, random, sharedCounts);
    }

    private void unusedTokens() {
        unusedTokens = new UnusedTokens(database.tokens(), lookup, audit, clock, settings.revokeUnusedAfterDays(),
                orgDirectory::policy, database.orgs()::shortestRevokeUnusedAfterDays, usage::flush);
        unusedTokens.onRevoked(new UnusedTokenNotices(outbox));
    }

    /** OIDC identities: the trusted issuers and the verification of CI jobs' ID tokens. */
    private void oidc() {
        idTokens = new IdTokens(trustedIssuers, database.seenIdTokens(), clock);
    }

    /** The audience CI jobs request their ID tokens for: --oidc-audience, else the server's public URL. */
    private String oidcAudience() {
        return settings.oidcAudience() != null ? settings.oidcAudience() : settings.publicUrlOr(port);
    }

    /** The audience npm requests for trusted publishing: {@code npm:} and the registry's host name (no port). */
    private String npmAudience() {
        return "npm:" + java.net.URI.create(settings.publicUrlOr(port)).getHost();
    }

    /** Git smart HTTP, in front of the routes: repositories by token, with push protection. */
    private GitHttpFilter git() {
        return new GitHttpFilter(gate, repositories, files,
                new PushPolicy(exposed, authorizer, audit, settings.pushProtection(), metrics), malformed);
    }

    /**
     * This node in the node table (its id random per start, as for the limit counts), and what
     * {@code /ready} checks; per-node metrics on both.
     */
    private void cluster() {
        String hostname = hostname();
        nodes = new NodeRegistry(database.nodes(), () -> new NodeRegistry.Identity(nodeId, settings.publicUrlOr(port),
                hostname, version()), lookup::cachedTokens, lease::state, clock);
        readiness = new Readiness(List.of(
                new Readiness.Check("database", "The database did not take this node's last heartbeat.",
                        () -> !nodes.lastBeatFailed()),
                new Readiness.Check("heartbeat", "This node has not written its heartbeat recently.",
                        () -> nodes.heartbeatAge().compareTo(NodeRegistry.ALIVE_WITHIN) < 0),
                new Readiness.Check("repository_storage", "This node cannot reach its repository storage.",
                        () -> repositoryStorage.problem().isEmpty()),
                new Readiness.Check("package_storage", "This node cannot reach its package storage.",
                        () -> packageStorage.problem().isEmpty()),
                new Readiness.Check("limits_sync", "This node has not merged its limit counts with the others for a while.",
                        () -> countSync == null || countSync.failingInARow() < 10),
                new Readiness.Check("lease", "This node holds no revocation lease: it is not in step with the others"
                        + " and answers every token from the database.", () -> !Lease.LAPSED.equals(lease.state()))));
        Gauge.builder("latchkey.node.lease.held", lease, l -> Lease.LAPSED.equals(l.state()) ? 0 : 1)
                .description("1 while this node holds its revocation lease (always on an embedded database), else 0")
                .register(prometheus);
        Gauge.builder("latchkey.node.invalidation.lag", lease, Lease::lag)
                .description("Invalidation sequences this node was behind the database at its last lease renewal")
                .register(prometheus);
        Timer invalidationWait = Timer.builder("latchkey.invalidation.wait")
                .description("How long a change that stops cached credentials waited for every node holding a lease"
                        + " to apply it").publishPercentiles(0.5, 0.99).register(prometheus);
        database.timeInvalidationWaits(nanos -> invalidationWait.record(nanos, TimeUnit.NANOSECONDS));
        Gauge.builder("latchkey.node.heartbeat.age", nodes, n -> n.heartbeatAge().toMillis() / 1000.0)
                .baseUnit("seconds").description("Age of this node's last written heartbeat").register(prometheus);
        FunctionCounter.builder("latchkey.node.heartbeat.failures", nodes, NodeRegistry::failures)
                .description("Heartbeats this node could not write").register(prometheus);
        Gauge.builder("latchkey.node.token.cache.size", lookup, TokenLookup::cachedTokens)
                .description("Tokens in this node's cache").register(prometheus);
        Gauge.builder("latchkey.limits.sync.lag", this, c -> c.countSync == null ? 0 : c.countSync.lagSeconds())
                .baseUnit("seconds").description("Time since this node last merged its limit counts").register(prometheus);
        FunctionCounter.builder("latchkey.limits.sync.failures", this,
                c -> c.countSync == null ? 0 : c.countSync.failures())
                .description("Limit count merges that failed").register(prometheus);
        for (FileStorage storage : List.of(repositoryStorage, packageStorage)) {
            Gauge.builder("latchkey.storage.available", storage, s -> s.problem().isEmpty() ? 1 : 0)
                    .tag("storage", storage == repositoryStorage ? "repository" : "package")
                    .description("1 when this node can use the storage, else 0").register(prometheus);
        }
    }

    /** Writes the first heartbeat (with the port now known), then one every second. */
    private Latchkey.Cluster startCluster() {
        try {
            nodes.beat();
            awaitLease();
        } catch (RuntimeException e) {
            LOG.warn("The first heartbeat failed ({}); retrying every second", e.getClass().getSimpleName());
        }
        return new Latchkey.Cluster(nodes, new Periodic("latchkey-heartbeat", this::beatQuietly)
                .schedule(NodeRegistry.INTERVAL, NodeRegistry.INTERVAL));
    }

    /** Gives the listener a moment to take the lease once the node's row exists, so that a node starts ready. */
    private void awaitLease() {
        long deadline = System.nanoTime() + Lease.LENGTH.toNanos();
        while (Lease.LAPSED.equals(lease.state()) && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The registry logs a failing heartbeat once; the job does not log it every second. */
    private void beatQuietly() {
        try {
            nodes.beat();
        } catch (RuntimeException e) {
            // remembered for /ready and the metrics
        }
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The jar's version, or "dev" when run from classes. */
    private static String version() {
        String version = Latchkey.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    private HttpServer serve() {
        List<RouteGroup> groups = new ArrayList<>(apiRoutes());
        groups.addAll(webPages());
        return HttpServer.start(settings.bind(), settings.port(),
                new HttpServer.Options(settings.publicUrl(), settings.trustedProxies(), malformed, metrics, settings.tls()),
                gate,
                groups, List.of(git()));
    }

    /** The API's routes, feature by feature, with the open ones (health, documentation, metrics, leak reports). */
    private List<RouteGroup> apiRoutes() {
        TokenViews views = new TokenViews(database.users(), database.repositories());
        AuditPages audits = new AuditPages(audit);
        return List.of(
                new ServerRoutes(),
                new NodeRoutes(nodes, readiness),
                new MetricsRoute(prometheus, settings.metricsToken()),
                new AccountRoutes(sessions, accounts, twoFactor, audit, audits),
                new TwoFactorRoutes(sessions, twoFactor),
                new PasswordRoutes(passwordChanges, passwordResets),
                new TokenRoutes(tokens, advisor, new UsagePages(usageLog), views, clock),
                new SuspensionRoutes(suspensions, views, clock),
                new AdminUserRoutes(administration),
                new BreachRoutes(breach, views, clock),
                new RepoRoutes(repositories, orgs),
                new NpmRoutes(packages),
                new PackageRoutes(packages, orgs),
                new OrgRoutes(orgs, orgTokens, views, audits, clock),
                new CheckRoutes(authorizer, repositories, ownerTargets, tokens),
                new AuthCheckRoutes(clock),
                new LeakRoutes(new LeakReports(tokens, new ReportThrottle(clock, sharedCounts), oauthApps)),
                new HookRoutes(webhooks),
                new AlertRoutes(alerts, clock),
                new OidcRoutes(trustedIssuers, this::oidcAudience),
                new TrustRoutes(trust.policies(), trust.jobs(), orgs, new UsagePages(usageLog), clock),
                new ExchangeRoutes(new JobTokenExchange(idTokens, trust.policies(), trust.jobs(), random),
                        this::oidcAudience, this::npmAudience, clock, sharedCounts),
                new OAuthAppRoutes(oauthApps, oauthGrants, appRestrictions, orgs, new UsagePages(usageLog), clock),
                new OAuthTokenRoute(new TokenEndpoint(database.oauth(), List.of(
                        new AuthorizationCodeGrant(database.oauth(), oauthTokens, audit),
                        new RefreshTokenGrant(database.oauth(), database.tokens(), oauthTokens, audit),
                        new DeviceCodeGrant(deviceFlow)), clock)),
                new DeviceCodeRoute(deviceFlow, () -> settings.publicUrlOr(port)),
                new IntrospectionRoute(new Introspection(database.oauth(), authenticator, usageLog, clock, settings.rateLimitPerHour(),
                        sharedCounts)));
    }

    /** The web interface's page sets, feature by feature, on the frame they share. */
    private List<RouteGroup> webPages() {
        WebRoutes web = new WebRoutes(authenticator, clock, database.sudoConfirmations());
        return List.of(
                web,
                new SignInPages(sessions, web),
                new SudoPages(sessions, twoFactor, web),
                new SecurityPages(twoFactor, web),
                new PasswordPages(passwordChanges, passwordResets, web),
                new TokenPages(tokens, orgs, database.repositories(), advisor, usageLog, suspensions, breach, clock, web),
                new SecurityLogPage(audit, tokens, web),
                new SecurityAlertsPage(alerts, clock, web),
                new OrgPages(orgs, orgTokens, database.repositories(), clock, web),
                new AdminUserPages(administration, web),
                new TrustPages(trust.policies(), trust.jobs(), orgs, clock, web),
                new OAuthPages(new Authorizations(database.oauth(), oauthTokens, audit, random), oauthGrants, oauthApps,
                        usageLog, web),
                new OAuthAppPages(oauthApps, orgs, web),
                new OrgAppRestrictionPages(appRestrictions, orgs, web),
                new DevicePages(deviceFlow, web));
    }

    /** Starts the notice jobs: the dispatcher, expiry notices (linking to the server's public address), missed alerts, retention. */
    private Latchkey.Notices startNotices(int port) {
        ExpiryNotices expiry = new ExpiryNotices(database.tokens(), outbox, clock, settings.publicUrlOr(port));
        Retention retention = new Retention(database.notices(), database.deliveries(), database.alerts(),
                database.usagePatterns(), clock, Duration.ofDays(settings.usageRetentionDays()), prometheus);
        return new Latchkey.Notices(outbox, dispatcher.start(), expiry.start(),
                new MissedAlertNotices(database.alerts(), outbox, clock).start(), retention.start(),
                idTokens.startPruning());
    }

    /** Stops the threads and the database opened before a failure. */
    private void stopStarted() {
        if (cluster != null) {
            cluster.heartbeat().close();
        }
        if (deadTokenLog != null) {
            deadTokenLog.close();
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (usageLog != null) {
            usageLog.close();
        }
        if (usage != null) {
            usage.close();
        }
        if (redisCounts != null) {
            redisCounts.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
