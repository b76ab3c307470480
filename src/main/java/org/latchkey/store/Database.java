package org.latchkey.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.latchkey.account.CountExchange;
import org.latchkey.account.SudoConfirmations;
import org.latchkey.account.TwoFactorStore;
import org.latchkey.account.PasswordStore;
import org.latchkey.account.UserStore;
import org.latchkey.admin.UserAdminStore;
import org.latchkey.alert.SecurityAlertStore;
import org.latchkey.alert.UsagePatternStore;
import org.latchkey.audit.AuditStore;
import org.latchkey.audit.UsageStore;
import org.latchkey.notice.DeliveryStore;
import org.latchkey.notice.HookStore;
import org.latchkey.notice.NoticeStore;
import org.latchkey.oidc.IssuerStore;
import org.latchkey.oidc.SeenIdTokenStore;
import org.latchkey.org.OrgStore;
import org.latchkey.pkg.PackageStore;
import org.latchkey.repo.RepositoryStore;
import org.latchkey.token.TokenHash;
import org.latchkey.oauth.OAuthStore;
import org.latchkey.token.TokenStore;
import org.latchkey.trust.JobTokenStore;
import org.latchkey.trust.TrustPolicyStore;

/**
 * The database behind the stores: a small HikariCP pool, migrated by Flyway when opened.
 *
 * <p>The embedded H2 database is the file {@code <dataDir>/latchkey.mv.db}, opened with:
 * <ul>
 *   <li>{@code WRITE_DELAY=0}: H2 2.x keeps committed changes in memory and writes them from a
 *       background thread up to 500 ms later by default; with 0 every commit writes its changes to
 *       the file before returning, so a {@code kill -9} right after loses nothing (no fsync: the
 *       operating system's page cache survives the death of the process);</li>
 *   <li>{@code MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH}: one migration
 *       script and the same SQL for both engines;</li>
 *   <li>{@code LOCK_TIMEOUT=10000}: a writer waits up to 10 s for a row lock held by another;</li>
 *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}: H2's own shutdown hook does not close the database under
 *       requests still in flight; {@link #close()} closes it.</li>
 * </ul>
 * With no write delay H2 itself reclaims no space while it runs; {@link H2Housekeeping} does, and
 * sets how long freed space is kept before it is written over ({@code RETENTION_TIME}).
 * H2 locks the file, so a second process cannot open the same data directory. PostgreSQL commits
 * durably with its defaults ({@code synchronous_commit=on}); Flyway serialises migrations of
 * several nodes starting together with an advisory lock.
 *
 * <p>On PostgreSQL, where many nodes share the database, every change to how a token authenticates
 * takes an invalidation sequence and is announced on a notification channel in its own transaction;
 * {@link #listenForTokenChanges} hears them and renews this node's lease, and the change returns
 * once every node holding a lease applied it ({@link InvalidationWait}); see {@link PostgresTokenNotices}.
 *
 * <p>Both engines keep instants as {@code TIMESTAMP WITH TIME ZONE} at microsecond precision: finer
 * digits are dropped on write, and every store method returns the values as stored.
 */
public final class Database implements AutoCloseable {

    private static final int POOL_SIZE = 8;

    private final HikariDataSource dataSource;
    private final PostgresTokenNotices.Connector listener;
    private final TokenStore tokens;
    private final UserStore users;
    private final PasswordStore passwords;
    private final AuditStore audit;
    private final RepositoryStore repositories;
    private final OrgStore orgs;
    private final UsageStore usage;
    private final TwoFactorStore twoFactor;
    private final NoticeStore notices;
    private final PackageStore packages;
    private final HookStore hooks;
    private final DeliveryStore deliveries;
    private final SecurityAlertStore alerts;
    private final UsagePatternStore usagePatterns;
    private final UserAdminStore userAdmin;
    private final JdbcOidcStore oidc;
    private final TrustPolicyStore trustPolicies;
    private final JobTokenStore jobTokens;
    private final CountExchange counts;
    private final org.latchkey.cluster.NodeStore nodes;
    private final SudoConfirmations sudoConfirmations;
    private final OAuthStore oauth;
    private final H2Housekeeping housekeeping;
    private final InvalidationWait invalidationWait;
    private PostgresTokenNotices tokenNotices;
    private String listeningNode;

    private Database(HikariDataSource dataSource, PostgresTokenNotices.Connector listener) {
        this.dataSource = dataSource;
        this.listener = listener;
        Transactions transactions = new Transactions(dataSource);
        this.housekeeping = listener == null ? H2Housekeeping.start(dataSource) : null;
        this.invalidationWait = listener == null ? null : new InvalidationWait(dataSource);
        if (invalidationWait != null) {
            transactions.beforeCommit(PostgresTokenNotices::sendEnd);
            transactions.afterCommit(invalidationWait);
        }
        TokenChangeNotice notice = listener == null ? TokenChangeNotice.NONE : TokenChangeNotice.postgres(transactions);
        this.tokens = new JdbcTokenStore(transactions, notice);
        this.users = new JdbcUserStore(transactions);
        this.passwords = new JdbcPasswordStore(transactions, notice);
        this.audit = new JdbcAuditStore(transactions);
        this.repositories = new JdbcRepositoryStore(transactions);
        this.orgs = new JdbcOrgStore(transactions);
        this.usage = new JdbcUsageStore(transactions);
        this.twoFactor = new JdbcTwoFactorStore(transactions, notice);
        this.notices = new JdbcNoticeStore(transactions);
        this.packages = new JdbcPackageStore(transactions);
        this.hooks = new JdbcHookStore(transactions);
        this.deliveries = new JdbcDeliveryStore(transactions);
        this.alerts = new JdbcSecurityAlertStore(transactions);
        this.usagePatterns = new JdbcUsagePatternStore(transactions);
        this.userAdmin = new JdbcUserAdminStore(transactions, notice);
        this.oidc = new JdbcOidcStore(transactions, notice);
        this.trustPolicies = new JdbcTrustPolicyStore(transactions);
        this.jobTokens = new JdbcJobTokenStore(transactions);
        this.counts = new JdbcCountExchange(transactions, listener != null);
        this.nodes = new JdbcNodeStore(transactions);
        this.sudoConfirmations = new JdbcSudoConfirmations(transactions);
        this.oauth = new JdbcOAuthStore(transactions, notice);
    }

    /** Opens (creating if needed) the embedded H2 database in {@code dataDir}. */
    public static Database embedded(Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolve("latchkey");
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
        }
        HikariConfig config = config("latchkey-h2");
        config.setJdbcUrl("jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                + ";WRITE_DELAY=0;RETENTION_TIME=" + H2Housekeeping.RETENTION_MILLIS + ";LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE");
        config.setUsername("sa");
        config.setPassword("");
        return open(config, null);
    }

    /** Connects to PostgreSQL; a null user or password is taken from the URL (or the driver's defaults). */
    public static Database postgres(String jdbcUrl, String user, String password) {
        HikariConfig config = config("latchkey-pg");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        return open(config, PostgresTokenNotices.connector(jdbcUrl, user, password));
    }

    private static HikariConfig config(String poolName) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        config.setValidationTimeout(3_000);
        config.setIdleTimeout(300_000);
        config.setMaxLifetime(1_800_000);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        return config;
    }

    private static Database open(HikariConfig config, PostgresTokenNotices.Connector listener) {
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            return new Database(dataSource, listener);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    public IssuerStore oidcIssuers() {
        return oidc;
    }

    public SeenIdTokenStore seenIdTokens() {
        return oidc;
    }

    public TokenStore tokens() {
        return tokens;
    }

    public UserStore users() {
        return users;
    }

    public PasswordStore passwords() {
        return passwords;
    }

    public AuditStore audit() {
        return audit;
    }

    public RepositoryStore repositories() {
        return repositories;
    }

    public UsageStore usage() {
        return usage;
    }

    public OrgStore orgs() {
        return orgs;
    }

    public TwoFactorStore twoFactor() {
        return twoFactor;
    }

    public NoticeStore notices() {
        return notices;
    }

    public PackageStore packages() {
        return packages;
    }

    public HookStore hooks() {
        return hooks;
    }

    public DeliveryStore deliveries() {
        return deliveries;
    }

    public SecurityAlertStore alerts() {
        return alerts;
    }

    public UsagePatternStore usagePatterns() {
        return usagePatterns;
    }

    /** Where nodes merge their limit counts. */
    public CountExchange counts() {
        return counts;
    }

    /** The node table: each node's heartbeat. */
    public org.latchkey.cluster.NodeStore nodes() {
        return nodes;
    }

    public SudoConfirmations sudoConfirmations() {
        return sudoConfirmations;
    }

    /** Whether other nodes may share this database (PostgreSQL). */
    public boolean shared() {
        return listener != null;
    }

    public OAuthStore oauth() {
        return oauth;
    }

    public UserAdminStore userAdmin() {
        return userAdmin;
    }

    public TrustPolicyStore trustPolicies() {
        return trustPolicies;
    }

    public JobTokenStore jobTokens() {
        return jobTokens;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Passes on the changes other nodes make to tokens, until {@link #close()}: each changed hash to
     * {@code stale}, each changed organisation policy to {@code orgChanged}, a change of the trusted
     * OIDC issuers to {@code issuersChanged}, and {@code allStale}
     * whenever some may have been missed (and when listening starts); on PostgreSQL renews this
     * node's {@code lease} (see {@link PostgresTokenNotices}). Does nothing on H2, which no other
     * process can open.
     */
    public synchronized void listenForTokenChanges(String nodeId, org.latchkey.cluster.Lease lease,
                                                   Consumer<TokenHash> stale, LongConsumer orgChanged,
                                                   Runnable issuersChanged, Runnable allStale) {
        if (tokenNotices != null) {
            throw new IllegalStateException("already listening for token changes");
        }
        if (listener != null) {
            listeningNode = nodeId;
            tokenNotices = PostgresTokenNotices.start(listener, nodeId, lease,
                    new PostgresTokenNotices.Stale(stale, orgChanged, issuersChanged, allStale));
        }
    }

    /**
     * Tells {@code waited} how long each change that must stop cached credentials waited, after its
     * commit, for every node holding a lease to apply it (nanoseconds; PostgreSQL only).
     */
    public void timeInvalidationWaits(LongConsumer waited) {
        if (invalidationWait != null) {
            invalidationWait.timedBy(waited);
        }
    }

    /**
     * Ends this node's lease in the database once its listener stopped (and dropped it locally), so
     * that the changes other nodes make after a clean shutdown do not wait for it to run out.
     */
    private void releaseLease() {
        try (java.sql.Connection connection = dataSource.getConnection()) {
            Sql.update(connection, "UPDATE nodes SET lease_until = NULL, lease_state = ? WHERE id = ?",
                    org.latchkey.cluster.Lease.LAPSED, listeningNode);
        } catch (java.sql.SQLException | RuntimeException e) {
            // the lease runs out by itself within its length
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (tokenNotices != null) {
                tokenNotices.close();
                releaseLease();
            }
        }
        if (housekeeping != null) {
            housekeeping.close();
        }
        dataSource.close();
    }
}
