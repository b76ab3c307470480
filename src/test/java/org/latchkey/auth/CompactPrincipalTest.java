package org.latchkey.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.MutableClock;
import org.latchkey.account.NewUser;
import org.latchkey.account.User;
import org.latchkey.audit.UsageRecorder;
import org.latchkey.metrics.Metrics;
import org.latchkey.store.Database;
import org.latchkey.store.TestDatabases;
import org.latchkey.store.TestDatabases.Engine;
import org.latchkey.token.FineGrained;
import org.latchkey.token.Level;
import org.latchkey.token.NewToken;
import org.latchkey.token.Permission;
import org.latchkey.token.Permissions;
import org.latchkey.token.ResourceGrant;
import org.latchkey.token.Scope;
import org.latchkey.token.Scopes;
import org.latchkey.token.Suspension;
import org.latchkey.token.Token;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenState;
import org.latchkey.token.TokenType;

/**
 * The cached entry is compact and still says everything the hot path asks: the tokens of one
 * account share one owner object (a fresh one once the account changes), every scope set is one
 * shared instance, state, expiry, suspension and fine-grained permissions come through, and the
 * cache holds no more tokens than its size.
 */
class CompactPrincipalTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theTokensOfOneAccount_shareOneOwner_untilALoadSeesTheAccountChanged(Engine engine) throws Exception {
        try (TestDatabases.Fresh db = TestDatabases.fresh(engine);
             UsageRecorder usage = new UsageRecorder(db.database().tokens(), 60_000)) {
            Database database = db.database();
            TokenLookup lookup = new TokenLookup(database.tokens(), database.users(), database.twoFactor(), usage, clock);
            User alice = user(database, "alice");
            User bob = user(database, "bob");
            List<String> secrets = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                secrets.add(token(database, alice, "t" + i, Scopes.of(Scope.REPO), null, null));
            }
            String bobs = token(database, bob, "b", Scopes.of(Scope.REPO), null, null);

            Principal first = lookup.find(TokenHash.of(secrets.get(0)));
            for (String secret : secrets) {
                assertThat(lookup.find(TokenHash.of(secret)).sharesOwnerWith(first)).isTrue();
            }
            assertThat(lookup.find(TokenHash.of(bobs)).sharesOwnerWith(first)).isFalse();
            assertThat(lookup.find(TokenHash.of(bobs)).user().login()).isEqualTo("bob");

            database.userAdmin().setDisabled(alice.id(), true, clock.instant());
            lookup.invalidate(TokenHash.of(secrets.get(1)));
            Principal reloaded = lookup.find(TokenHash.of(secrets.get(1)));
            assertThat(reloaded.accountDisabled()).as("a load never takes an owner older than what it read").isTrue();
            assertThat(reloaded.sharesOwnerWith(first)).isFalse();

            lookup.userChanged(alice.id());
            for (String secret : secrets) {
                Principal principal = lookup.find(TokenHash.of(secret));
                assertThat(principal.accountDisabled()).isTrue();
                assertThat(principal.sharesOwnerWith(reloaded)).isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void everyScope_andEveryScopeTogether_roundTripThroughTheCachedEntry_asOneSharedInstance(Engine engine)
            throws Exception {
        try (TestDatabases.Fresh db = TestDatabases.fresh(engine);
             UsageRecorder usage = new UsageRecorder(db.database().tokens(), 60_000)) {
            Database database = db.database();
            TokenLookup lookup = new TokenLookup(database.tokens(), database.users(), database.twoFactor(), usage, clock);
            User alice = user(database, "alice");
            List<Set<Scope>> sets = new ArrayList<>();
            for (Scope scope : Scope.values()) {
                sets.add(EnumSet.of(scope));
            }
            sets.add(EnumSet.allOf(Scope.class));
            sets.add(EnumSet.noneOf(Scope.class));
            for (Set<Scope> set : sets) {
                String secret = token(database, alice, "s" + set, Scopes.of(set), null, null);
                Principal principal = lookup.find(TokenHash.of(secret));

                assertThat(principal.scopes().granted()).as(set.toString()).isEqualTo(set);
                assertThat(principal.scopes()).isSameAs(Scopes.of(set)).isSameAs(principal.token().stored().scopes());
                for (Scope scope : set) {
                    assertThat(principal.scopes().allows(scope)).isTrue();
                    scope.closure().forEach(implied -> assertThat(principal.scopes().allows(implied)).isTrue());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void expiry_suspension_revocation_andFineGrainedPermissions_comeThroughTheCompactEntry(Engine engine)
            throws Exception {
        try (TestDatabases.Fresh db = TestDatabases.fresh(engine);
             UsageRecorder usage = new UsageRecorder(db.database().tokens(), 60_000)) {
            Database database = db.database();
            TokenLookup lookup = new TokenLookup(database.tokens(), database.users(), database.twoFactor(), usage, clock);
            User alice = user(database, "alice");
            Instant expiry = clock.instant().plus(Duration.ofHours(1));
            String expiring = token(database, alice, "expiring", Scopes.of(Scope.REPO), expiry, null);
            FineGrained permissions = new FineGrained(Permissions.of(Map.of(Permission.CONTENTS, Level.READ)),
                    List.of(new ResourceGrant(alice.id(), "alice", ResourceGrant.Selection.ALL, Set.of(),
                            ResourceGrant.Approval.NOT_REQUIRED, null, null, null)));
            String fineGrained = token(database, alice, "fine", Scopes.NONE, null, permissions);
            String suspended = token(database, alice, "suspended", Scopes.of(Scope.REPO), null, null);

            Principal principal = lookup.find(TokenHash.of(expiring));
            assertThat(principal.token().stateAt(clock.instant())).isEqualTo(TokenState.ACTIVE);
            assertThat(principal.token().expiresAt()).isEqualTo(expiry);
            assertThat(principal.expirationHeader()).isEqualTo("2026-12-06 11:00:00 UTC").isSameAs(principal.expirationHeader());
            assertThat(principal.token().createdAt()).isEqualTo(clock.instant());
            clock.advance(Duration.ofHours(1));
            assertThat(principal.stateAt(clock.millis())).isEqualTo(TokenState.EXPIRED);
            assertThat(lookup.find(TokenHash.of(expiring)).stateAt(clock.millis())).isEqualTo(TokenState.EXPIRED);

            Principal fine = lookup.find(TokenHash.of(fineGrained));
            assertThat(fine.token().isFineGrained()).isTrue();
            assertThat(fine.token().fineGrained().permissions().allows(Permission.CONTENTS, Level.READ)).isTrue();
            assertThat(fine.token().fineGrained().permissions().allows(Permission.CONTENTS, Level.WRITE)).isFalse();
            assertThat(fine.token().fineGrained().grantFor(alice.id())).isPresent();

            Token stored = database.tokens().findByHash(TokenHash.of(suspended)).orElseThrow();
            database.tokens().suspend(stored.id(), new Suspension(clock.instant(), "admin"));
            lookup.invalidate(TokenHash.of(suspended));
            Principal set = lookup.find(TokenHash.of(suspended));
            assertThat(set.stateAt(clock.millis())).isEqualTo(TokenState.SUSPENDED);
            assertThat(set.token().stored().suspension().by()).as("kept, so a dead token's presentations read nothing")
                    .isEqualTo("admin").isSameAs(set.token().stored().suspension().by());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theCache_holdsNoMoreTokensThanItsSize(Engine engine) throws Exception {
        try (TestDatabases.Fresh db = TestDatabases.fresh(engine);
             UsageRecorder usage = new UsageRecorder(db.database().tokens(), 60_000)) {
            Database database = db.database();
            TokenLookup lookup = new TokenLookup(database.tokens(), database.users(), database.twoFactor(), usage, clock,
                    Metrics.unpublished(), 25);
            User alice = user(database, "alice");
            for (int i = 0; i < 100; i++) {
                String secret = token(database, alice, "t" + i, Scopes.of(Scope.REPO), null, null);
                assertThat(lookup.find(TokenHash.of(secret))).isNotNull();
            }

            assertThat(lookup.cachedTokens()).isBetween(1L, 25L);
        }
    }

    private User user(Database database, String login) {
        return database.users().insert(new NewUser(login, null, false, "$argon2id$x", clock.instant())).orElseThrow();
    }

    private String token(Database database, User owner, String name, Scopes scopes, Instant expiresAt, FineGrained fineGrained) {
        TokenType type = fineGrained == null ? TokenType.CLASSIC : TokenType.FINE_GRAINED;
        String secret = TokenFormat.generate(type, RANDOM);
        database.tokens().insert(new NewToken(owner.id(), type,
                name, null, scopes, TokenHash.of(secret), clock.instant(), expiresAt, null, fineGrained), clock.instant())
                .orElseThrow();
        return secret;
    }
}
