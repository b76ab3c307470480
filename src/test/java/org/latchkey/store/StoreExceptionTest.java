package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.latchkey.store.Fixtures.T0;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HexFormat;
import org.latchkey.token.NewToken;
import org.latchkey.token.Scopes;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenType;

class StoreExceptionTest {

    @EachEngine
    void aFailedStatement_namesTheOperation_butNoBoundValue(Database db) {
        long userId = Fixtures.user(db, "octocat").id();
        TokenHash hash = Fixtures.randomHash(TokenType.CLASSIC);
        db.tokens().insert(token(userId, "first-name-7f3a", hash), T0).orElseThrow();

        StoreException failure = catchThrowableOfType(StoreException.class,
                () -> db.tokens().insert(token(userId, "second-name-9c1e", hash), T0));

        String hex = HexFormat.of().formatHex(hash.bytes());
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        assertThat(failure.operation()).isEqualTo("tokens.insert");
        assertThat(failure.sqlState()).isEqualTo("23505");
        assertThat(failure).hasMessageStartingWith("tokens.insert failed").hasNoCause();
        assertThat(trace.toString().toLowerCase())
                .doesNotContain(hex)
                .doesNotContain(hex.substring(0, 16))
                .doesNotContain("second-name-9c1e");
    }

    private static NewToken token(long userId, String name, TokenHash hash) {
        return new NewToken(userId, TokenType.CLASSIC, name, "secret-description", Scopes.NONE, hash, T0, null, null);
    }
}
