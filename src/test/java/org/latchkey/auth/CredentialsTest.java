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
    private static final String SECRET = TokenFormat.generate(TokenType.CLASSIC, RANDOM);

    @Test
    void token_and_bearer_headers_give_the_hash_of_their_secret() {
        for (String header : List.of("token " + SECRET, "Token " + SECRET, "TOKEN " + SECRET, "Bearer " + SECRET,
                "bearer " + SECRET, "token  " + SECRET, "token " + SECRET + " ", "Bearer \t" + SECRET + "\r\n")) {
            assertThat(Credentials.wellFormedHash(header)).as(header).isEqualTo(TokenHash.of(SECRET));
        }
    }

    @Test
    void basic_headers_give_the_hash_of_the_token_whichever_half_holds_it() {
        for (String pair : List.of("git:" + SECRET, "x-access-token:" + SECRET, SECRET + ":", SECRET + ":x-oauth-basic",
                SECRET)) {
            String header = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
            assertThat(Credentials.wellFormedHash(header)).as(pair).isEqualTo(TokenHash.of(SECRET));
        }
    }

    @Test
    void anything_but_a_well_formed_secret_gives_null() {
        String badChecksum = SECRET.substring(0, 39) + (SECRET.charAt(39) == 'A' ? 'B' : 'A');
        List<String> headers = new ArrayList<>(List.of("", "token", "token ", "token  ", "tokens " + SECRET,
                "Digest " + SECRET, "token\t" + SECRET, " token " + SECRET, "token " + badChecksum,
                "token " + SECRET + "0", "token " + SECRET.substring(1), "token " + SECRET + " x", "Basic !!!",
                "Basic " + SECRET));
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
}
