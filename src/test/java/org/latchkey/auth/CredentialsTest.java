package org.latchkey.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenType;

class CredentialsTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TOKEN = TokenFormat.generate(TokenType.CLASSIC, RANDOM);
    private static final String SECRET = "lkp_abc";

    @Test
    void token_and_bearer_schemes_are_case_insensitive() {
        assertThat(Credentials.secret("token " + SECRET)).isEqualTo(SECRET);
        assertThat(Credentials.secret("Token " + SECRET)).isEqualTo(SECRET);
        assertThat(Credentials.secret("Bearer " + SECRET)).isEqualTo(SECRET);
        assertThat(Credentials.secret("bearer   " + SECRET + " ")).isEqualTo(SECRET);
    }

    @Test
    void basic_takes_the_password_whatever_the_user_name() {
        assertThat(Credentials.secret(basic("git:" + SECRET))).isEqualTo(SECRET);
        assertThat(Credentials.secret(basic("x-access-token:" + SECRET))).isEqualTo(SECRET);
    }

    @Test
    void basic_with_the_token_as_user_name_and_no_password_is_accepted_as_github_does() {
        assertThat(Credentials.secret(basic(SECRET + ":"))).isEqualTo(SECRET);
        assertThat(Credentials.secret(basic(SECRET + ":x-oauth-basic"))).isEqualTo(SECRET);
    }

    @Test
    void other_schemes_and_garbage_yield_nothing() {
        assertThat(Credentials.secret(null)).isNull();
        assertThat(Credentials.secret("")).isNull();
        assertThat(Credentials.secret("token")).isNull();
        assertThat(Credentials.secret("Digest " + SECRET)).isNull();
        assertThat(Credentials.secret("tokens " + SECRET)).isNull();
        assertThat(Credentials.secret("Basic %%%")).isNull();
    }

    @Test
    void token_and_bearer_headers_give_the_hash_of_their_secret() {
        for (String header : List.of("token " + TOKEN, "Token " + TOKEN, "TOKEN " + TOKEN, "Bearer " + TOKEN,
                "bearer " + TOKEN, "token  " + TOKEN, "token " + TOKEN + " ", "Bearer \t" + TOKEN + "\r\n")) {
            assertThat(Credentials.wellFormedHash(header)).as(header).isEqualTo(TokenHash.of(TOKEN));
        }
    }

    @Test
    void basic_headers_give_the_hash_of_the_token_whichever_half_holds_it() {
        for (String pair : List.of("git:" + TOKEN, "x-access-token:" + TOKEN, TOKEN + ":", TOKEN + ":x-oauth-basic",
                TOKEN)) {
            String header = basic(pair);
            assertThat(Credentials.wellFormedHash(header)).as(pair).isEqualTo(TokenHash.of(TOKEN));
        }
    }

    @Test
    void anything_but_a_well_formed_secret_gives_null() {
        String badChecksum = TOKEN.substring(0, 39) + (TOKEN.charAt(39) == 'A' ? 'B' : 'A');
        List<String> headers = new ArrayList<>(List.of("", "token", "token ", "token  ", "tokens " + TOKEN,
                "Digest " + TOKEN, "token\t" + TOKEN, " token " + TOKEN, "token " + badChecksum,
                "token " + TOKEN + "0", "token " + TOKEN.substring(1), "token " + TOKEN + " x", "Basic !!!",
                "Basic " + TOKEN));
        headers.add(null);
        for (String header : headers) {
            assertThat(Credentials.wellFormedHash(header)).as(String.valueOf(header)).isNull();
        }
    }

    @Test
    void reading_the_secret_in_place_agrees_with_copying_it_out() {
        SplittableRandom random = new SplittableRandom(RANDOM.nextLong());
        String[] schemes = {"token", "Token", "bearer", "BEARER", "Basic", "tok", "bearers"};
        String[] spaces = {"", " ", "  ", "\t", "\u2003"};
        for (int i = 0; i < 20_000; i++) {
            String secret = TokenFormat.generate(TokenType.values()[random.nextInt(3)], RANDOM);
            if (random.nextBoolean()) {
                int position = random.nextInt(secret.length());
                secret = secret.substring(0, position) + (char) random.nextInt(32, 127) + secret.substring(position + 1);
            }
            String header = schemes[random.nextInt(schemes.length)] + " " + spaces[random.nextInt(spaces.length)]
                    + secret + spaces[random.nextInt(spaces.length)];

            assertThat(Credentials.wellFormedHash(header)).as(header).isEqualTo(copiedOut(header));
        }
    }

    /** What the hot path must answer: the secret copied out of the header, checked, then hashed. */
    private static TokenHash copiedOut(String header) {
        String secret = Credentials.secret(header);
        return TokenFormat.isWellFormed(secret) ? TokenHash.of(secret) : null;
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }
}
