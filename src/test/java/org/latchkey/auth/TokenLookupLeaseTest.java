package org.latchkey.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.latchkey.account.NewUser;
import org.latchkey.account.User;
import org.latchkey.audit.UsageRecorder;
import org.latchkey.cluster.Lease;
import org.latchkey.metrics.Metrics;
import org.latchkey.store.TestDatabases;
import org.latchkey.token.NewToken;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Scopes;
import org.latchkey.token.Token;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenType;

/**
 * The cache is trusted only while the lease is held and only in the term an entry was loaded in:
 * without a lease every lookup reads the store (a revocation this node never heard of is seen), and
 * an entry from before a lapse is never answered after it.
 */
class TokenLookupLeaseTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private final AtomicLong nanos = new AtomicLong();
    private final Lease lease = Lease.renewable(nanos::get);

    @Test
    void without_a_lease_every_lookup_reads_the_store_and_nothing_is_cached() throws Exception {
        try (TestDatabases.Fresh db = TestDatabases.freshH2(); UsageRecorder usage = new UsageRecorder(db.database().tokens(), 60_000)) {
            TokenLookupTest.CountingTokenStore tokens = new TokenLookupTest.CountingTokenStore(db.database().tokens());
            TokenLookup lookup = lookup(db, tokens, usage);
            TokenHash hash = token(db, tokens);

            lookup.find(hash);
            lookup.find(hash);

            assertThat(tokens.reads).hasValue(2);
            assertThat(lookup.cachedTokens()).isZero();
        }
    }

    @Test
    void a_lapsed_lease_answers_a_revocation_the_node_never_heard_of() throws Exception {
        try (TestDatabases.Fresh db = TestDatabases.freshH2(); UsageRecorder usage = new UsageRecorder(db.database().tokens(), 60_000)) {
            TokenLookupTest.CountingTokenStore tokens = new TokenLookupTest.CountingTokenStore(db.database().tokens());
            TokenLookup lookup = lookup(db, tokens, usage);
            TokenHash hash = token(db, tokens);
            lease.renewed(nanos.get(), lookup::invalidateAll);
            Principal cached = lookup.find(hash);
            assertThat(lookup.find(hash)).isSameAs(cached);
            assertThat(tokens.reads).hasValue(1);

            tokens.revoke(cached.token().id(), RevocationReason.REVOKED, NOW);
            assertThat(lookup.find(hash).token().revokedAt()).as("held: the cache answers until told").isNull();
            nanos.addAndGet(Lease.LENGTH.toNanos());

            assertThat(lookup.find(hash).token().revokedAt()).isEqualTo(NOW);
            assertThat(lookup.find(hash).token().revokedAt()).isEqualTo(NOW);
        }
    }

    @Test
    void an_entry_loaded_before_a_lapse_is_not_trusted_after_it_even_if_it_is_stored_late() throws Exception {
        try (TestDatabases.Fresh db = TestDatabases.freshH2(); UsageRecorder usage = new UsageRecorder(db.database().tokens(), 60_000)) {
            TokenLookupTest.CountingTokenStore tokens = new TokenLookupTest.CountingTokenStore(db.database().tokens());
            TokenLookup lookup = lookup(db, tokens, usage);
            TokenHash hash = token(db, tokens);
            lease.renewed(nanos.get(), () -> { });
            Principal old = lookup.find(hash);
            tokens.revoke(old.token().id(), RevocationReason.REVOKED, NOW);
            lease.drop();

            lease.renewed(nanos.get(), () -> { });

            assertThat(lookup.cachedTokens()).as("the clear was skipped on purpose").isEqualTo(1);
            assertThat(lookup.find(hash).token().revokedAt()).isEqualTo(NOW);
            assertThat(tokens.reads).hasValue(2);
            lookup.find(hash);
            assertThat(tokens.reads).as("the new term caches again").hasValue(2);
        }
    }

    @Test
    void a_lapse_keeps_the_tokens_rate_window() throws Exception {
        try (TestDatabases.Fresh db = TestDatabases.freshH2(); UsageRecorder usage = new UsageRecorder(db.database().tokens(), 60_000)) {
            TokenLookupTest.CountingTokenStore tokens = new TokenLookupTest.CountingTokenStore(db.database().tokens());
            TokenLookup lookup = lookup(db, tokens, usage);
            TokenHash hash = token(db, tokens);
            lease.renewed(nanos.get(), lookup::invalidateAll);
            Principal cached = lookup.find(hash);

            nanos.addAndGet(Lease.LENGTH.toNanos());

            assertThat(lookup.find(hash).rateWindow()).isSameAs(cached.rateWindow());
        }
    }

    private TokenLookup lookup(TestDatabases.Fresh db, TokenLookupTest.CountingTokenStore tokens, UsageRecorder usage) {
        return new TokenLookup(tokens, db.database().users(), db.database().twoFactor(), usage, Clock.systemUTC(),
                Metrics.unpublished(), lease);
    }

    private static TokenHash token(TestDatabases.Fresh db, TokenLookupTest.CountingTokenStore tokens) {
        User user = db.database().users().insert(new NewUser("alice", null, false, "$argon2id$x", NOW)).orElseThrow();
        String secret = TokenFormat.generate(TokenType.CLASSIC, new SecureRandom());
        Token token = tokens.insert(new NewToken(user.id(), TokenType.CLASSIC, "t", null, Scopes.NONE,
                TokenHash.of(secret), NOW, null, null), NOW).orElseThrow();
        tokens.reads.set(0);
        return token.hash();
    }
}
