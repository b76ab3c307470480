package org.latchkey.store;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.latchkey.account.NewUser;
import org.latchkey.account.User;
import org.latchkey.token.NewToken;
import org.latchkey.token.Scope;
import org.latchkey.token.Scopes;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenType;

/** Users and tokens for store tests, at fixed instants. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123Z");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Fixtures() {
    }

    static Instant at(Duration afterT0) {
        return T0.plus(afterT0);
    }

    static User user(Database db, String login) {
        return db.users().insert(new NewUser(login, login + "@example.org", false, "$argon2id$stub", T0)).orElseThrow();
    }

    static TokenHash randomHash(TokenType type) {
        return TokenHash.of(TokenFormat.generate(type, RANDOM));
    }

    static NewToken classic(long userId, String name) {
        return token(userId, TokenType.CLASSIC, name, null);
    }

    static NewToken token(long userId, TokenType type, String name, Instant expiresAt) {
        return new NewToken(userId, type, name, "for tests", Scopes.of(Scope.REPO, Scope.WORKFLOW),
                randomHash(type), T0, expiresAt, null);
    }
}
