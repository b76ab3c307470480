package org.latchkey.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.latchkey.MutableClock;
import org.latchkey.account.NewUser;
import org.latchkey.account.User;
import org.latchkey.audit.UsageRecorder;
import org.latchkey.store.TestDatabases;
import org.latchkey.token.NewToken;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Scopes;
import org.latchkey.token.Token;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenStore;
import org.latchkey.token.TokenType;
import org.latchkey.audit.TokenUse;
import org.junit.jupiter.api.Test;

class TokenLookupTest {

    @Test
    void a_cached_token_is_found_without_touching_the_store_and_invalidation_reloads_it() throws Exception {
        try (TestDatabases.Fresh db = TestDatabases.freshH2(); UsageRecorder usage = new UsageRecorder(db.database().tokens(), 60_000)) {
            CountingTokenStore tokens = new CountingTokenStore(db.database().tokens());
            TokenLookup lookup = new TokenLookup(tokens, db.database().users(), db.database().twoFactor(), usage, Clock.systemUTC());
            Instant now = Instant.parse("2026-11-25T10:00:00Z");
            User user = db.database().users().insert(new NewUser("alice", null, false, "$argon2id$x", now)).orElseThrow();
            String secret = TokenFormat.generate(TokenType.CLASSIC, new SecureRandom());
            Token token = tokens.insert(new NewToken(user.id(), TokenType.CLASSIC, "t", null, Scopes.NONE,
                    TokenHash.of(secret), now, null, null), now).orElseThrow();

            Principal first = lookup.find(TokenHash.of(secret));
            int readsAfterMiss = tokens.reads.get();
            for (int i = 0; i < 1000; i++) {
                assertThat(lookup.find(TokenHash.of(secret))).isSameAs(first);
            }

            assertThat(readsAfterMiss).isEqualTo(1);
            assertThat(tokens.reads.get()).isEqualTo(1);
            tokens.revoke(token.id(), RevocationReason.REVOKED, now);
            lookup.invalidate(token.hash());
            assertThat(lookup.find(TokenHash.of(secret)).token().revokedAt()).isEqualTo(now);
            assertThat(tokens.reads.get()).isEqualTo(2);
        }
    }

    @Test
    void the_owners_disabled_state_is_read_from_the_cache_and_a_user_change_drops_all_their_tokens() throws Exception {
        try (TestDatabases.Fresh db = TestDatabases.freshH2(); UsageRecorder usage = new UsageRecorder(db.database().tokens(), 60_000)) {
            CountingTokenStore tokens = new CountingTokenStore(db.database().tokens());
            TokenLookup lookup = new TokenLookup(tokens, db.database().users(), db.database().twoFactor(), usage, Clock.systemUTC());
            Instant now = Instant.parse("2026-11-25T10:00:00Z");
            User user = db.database().users().insert(new NewUser("alice", null, false, "$argon2id$x", now)).orElseThrow();
            String first = TokenFormat.generate(TokenType.CLASSIC, new SecureRandom());
            String second = TokenFormat.generate(TokenType.CLASSIC, new SecureRandom());
            tokens.insert(new NewToken(user.id(), TokenType.CLASSIC, "a", null, Scopes.NONE, TokenHash.of(first), now, null,
                    null), now).orElseThrow();
            tokens.insert(new NewToken(user.id(), TokenType.CLASSIC, "b", null, Scopes.NONE, TokenHash.of(second), now, null,
                    null), now).orElseThrow();
            assertThat(lookup.find(TokenHash.of(first)).accountDisabled()).isFalse();
            assertThat(lookup.find(TokenHash.of(second)).accountDisabled()).isFalse();

            db.database().userAdmin().setDisabled(user.id(), true, now);
            boolean staleUntilTold = lookup.find(TokenHash.of(first)).accountDisabled();
            lookup.userChanged(user.id());
            int readsBefore = tokens.reads.get();
            boolean disabled = lookup.find(TokenHash.of(first)).accountDisabled() && lookup.find(TokenHash.of(second)).accountDisabled();
            for (int i = 0; i < 100; i++) {
                lookup.find(TokenHash.of(first));
            }

            assertThat(staleUntilTold).isFalse();
            assertThat(disabled).isTrue();
            assertThat(tokens.reads.get() - readsBefore).as("both reloaded once, then from memory").isEqualTo(2);
        }
    }

    @Test
    void a_token_idle_for_half_an_hour_by_the_injected_clock_is_loaded_again() throws Exception {
        try (TestDatabases.Fresh db = TestDatabases.freshH2(); UsageRecorder usage = new UsageRecorder(db.database().tokens(), 60_000)) {
            CountingTokenStore tokens = new CountingTokenStore(db.database().tokens());
            MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
            TokenLookup lookup = new TokenLookup(tokens, db.database().users(), db.database().twoFactor(), usage, clock);
            Instant now = clock.instant();
            User user = db.database().users().insert(new NewUser("alice", null, false, "$argon2id$x", now)).orElseThrow();
            TokenHash hash = TokenHash.of(TokenFormat.generate(TokenType.CLASSIC, new SecureRandom()));
            tokens.insert(new NewToken(user.id(), TokenType.CLASSIC, "t", null, Scopes.NONE, hash, now, null, null), now);

            lookup.find(hash);
            clock.advance(TokenLookup.IDLE.minusSeconds(1));
            lookup.find(hash);
            clock.advance(TokenLookup.IDLE.minusSeconds(1));
            lookup.find(hash);
            assertThat(tokens.reads.get()).as("each use within the idle time keeps it").isEqualTo(1);

            clock.advance(TokenLookup.IDLE);
            lookup.find(hash);
            assertThat(tokens.reads.get()).isEqualTo(2);
        }
    }

    @Test
    void an_unknown_hash_is_not_cached() throws Exception {
        try (TestDatabases.Fresh db = TestDatabases.freshH2(); UsageRecorder usage = new UsageRecorder(db.database().tokens(), 60_000)) {
            CountingTokenStore tokens = new CountingTokenStore(db.database().tokens());
            TokenLookup lookup = new TokenLookup(tokens, db.database().users(), db.database().twoFactor(), usage, Clock.systemUTC());
            TokenHash unknown = TokenHash.of(TokenFormat.generate(TokenType.CLASSIC, new SecureRandom()));

            assertThat(lookup.find(unknown)).isNull();
            assertThat(lookup.find(unknown)).isNull();
            assertThat(tokens.reads.get()).isEqualTo(2);
        }
    }

    @Test
    void a_load_in_flight_during_invalidateAll_is_not_kept() throws Exception {
        try (TestDatabases.Fresh db = TestDatabases.freshH2(); UsageRecorder usage = new UsageRecorder(db.database().tokens(), 60_000)) {
            CountingTokenStore tokens = new CountingTokenStore(db.database().tokens());
            TokenLookup lookup = new TokenLookup(tokens, db.database().users(), db.database().twoFactor(), usage, Clock.systemUTC());
            Instant now = Instant.parse("2026-11-25T10:00:00Z");
            User user = db.database().users().insert(new NewUser("alice", null, false, "$argon2id$x", now)).orElseThrow();
            TokenHash hash = TokenHash.of(TokenFormat.generate(TokenType.CLASSIC, new SecureRandom()));
            Token token = tokens.insert(new NewToken(user.id(), TokenType.CLASSIC, "t", null, Scopes.NONE,
                    hash, now, null, null), now).orElseThrow();
            tokens.holdNextRead();

            CompletableFuture<Principal> inFlight = CompletableFuture.supplyAsync(() -> lookup.find(hash));
            assertThat(tokens.readDone.await(5, TimeUnit.SECONDS)).isTrue();
            tokens.revoke(token.id(), RevocationReason.REVOKED, now);
            lookup.invalidateAll();
            tokens.release.countDown();

            assertThat(inFlight.get(5, TimeUnit.SECONDS).token().revokedAt()).isNull();
            assertThat(lookup.find(hash).token().revokedAt()).isEqualTo(now);
        }
    }

    /** The real store, counting lookups by hash; one lookup can be held after it has read. */
    static final class CountingTokenStore implements TokenStore {
        final AtomicInteger reads = new AtomicInteger();
        private final TokenStore delegate;
        volatile CountDownLatch readDone;
        volatile CountDownLatch release;
        private volatile boolean holdNext;

        CountingTokenStore(TokenStore delegate) {
            this.delegate = delegate;
        }

        void holdNextRead() {
            readDone = new CountDownLatch(1);
            release = new CountDownLatch(1);
            holdNext = true;
        }

        @Override
        public Optional<Token> findByHash(TokenHash hash) {
            reads.incrementAndGet();
            Optional<Token> found = delegate.findByHash(hash);
            if (holdNext) {
                holdNext = false;
                readDone.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return found;
        }

        @Override
        public Token suspend(long id, org.latchkey.token.Suspension suspension) {
            return delegate.suspend(id, suspension);
        }

        @Override
        public Token resume(long id) {
            return delegate.resume(id);
        }

        @Override
        public List<Token> suspendAll(long userId, Collection<TokenType> types, org.latchkey.token.Suspension suspension,
                                      Instant now) {
            return delegate.suspendAll(userId, types, suspension, now);
        }

        @Override
        public List<Token> resumeAll(long userId) {
            return delegate.resumeAll(userId);
        }

        @Override
        public Token addToFamily(long currentId, NewToken replacement) {
            return delegate.addToFamily(currentId, replacement);
        }

        @Override
        public List<Token> listFamily(long familyId) {
            return delegate.listFamily(familyId);
        }

        @Override
        public List<Token> revokeFamilyBefore(long familyId, long beforeId, RevocationReason reason, Instant at) {
            return delegate.revokeFamilyBefore(familyId, beforeId, reason, at);
        }

        @Override
        public List<Token> listIdle(Instant idleSince, Instant now) {
            return delegate.listIdle(idleSince, now);
        }

        @Override
        public Optional<Token> revokeIdle(long id, Instant idleSince, RevocationReason reason, Instant at) {
            return delegate.revokeIdle(id, idleSince, reason, at);
        }

        @Override
        public Optional<Token> insert(NewToken token, Instant now) {
            return delegate.insert(token, now);
        }

        @Override
        public Optional<Token> findById(long id) {
            return delegate.findById(id);
        }

        @Override
        public List<Token> listByUser(long userId, Collection<TokenType> types) {
            return delegate.listByUser(userId, types);
        }

        @Override
        public Optional<Token> updateDetails(long id, String name, String description, Instant now) {
            return delegate.updateDetails(id, name, description, now);
        }

        @Override
        public Token replaceSecret(long id, TokenHash hash, Scopes scopes, Instant expiresAt) {
            return delegate.replaceSecret(id, hash, scopes, expiresAt);
        }

        @Override
        public Token revoke(long id, RevocationReason reason, Instant at) {
            return delegate.revoke(id, reason, at);
        }

        @Override
        public List<Token> revokeFamily(long familyId, RevocationReason reason, Instant at) {
            return delegate.revokeFamily(familyId, reason, at);
        }

        @Override
        public Token delete(long id, Instant at) {
            return delegate.delete(id, at);
        }

        @Override
        public Token rotate(long oldId, NewToken replacement, Instant at) {
            return delegate.rotate(oldId, replacement, at);
        }

        @Override
        public Token decide(long tokenId, org.latchkey.token.ResourceGrant decided) {
            return delegate.decide(tokenId, decided);
        }

        @Override
        public List<Token> listByResourceOwner(long ownerId) {
            return delegate.listByResourceOwner(ownerId);
        }

        @Override
        public List<Token> listExpiringBetween(Instant after, Instant until) {
            return delegate.listExpiringBetween(after, until);
        }

        @Override
        public void recordUsage(Collection<TokenUse> uses) {
            delegate.recordUsage(uses);
        }
    }
}
