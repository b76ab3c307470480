package org.latchkey.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class TokenHashTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void is_the_sha256_of_the_secrets_ascii_bytes() throws NoSuchAlgorithmException {
        String secret = TokenFormat.generate(TokenType.CLASSIC, RANDOM);

        assertThat(TokenHash.of(secret).bytes()).isEqualTo(sha256(secret.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void a_secret_longer_than_a_token_is_hashed_as_utf8() throws NoSuchAlgorithmException {
        String secret = "lkp_" + "é".repeat(50);

        assertThat(TokenHash.of(secret).bytes()).isEqualTo(sha256(secret.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void hashing_the_end_of_a_text_is_hashing_that_end_alone() {
        String secret = TokenFormat.generate(TokenType.SESSION, RANDOM);

        assertThat(TokenHash.of("Bearer " + secret, 7)).isEqualTo(TokenHash.of(secret));
        assertThat(TokenHash.of("lkp_nothing", 4)).isEqualTo(TokenHash.of("nothing"));
    }

    @Test
    void of_well_formed_is_the_hash_of_a_well_formed_secret_and_null_otherwise() {
        String secret = TokenFormat.generate(TokenType.CLASSIC, RANDOM);
        String mistyped = secret.substring(0, 10) + (secret.charAt(10) == 'x' ? 'y' : 'x') + secret.substring(11);

        assertThat(TokenHash.ofWellFormed("token " + secret, 6)).isEqualTo(TokenHash.of(secret));
        assertThat(TokenHash.ofWellFormed(mistyped, 0)).isNull();
        assertThat(TokenHash.ofWellFormed(secret + " ", 0)).isNull();
    }

    @Test
    void bytes_round_trip() {
        byte[] digest = new byte[32];
        RANDOM.nextBytes(digest);

        TokenHash hash = TokenHash.fromBytes(digest);

        assertThat(hash.bytes()).isEqualTo(digest);
        assertThat(TokenHash.fromBytes(hash.bytes())).isEqualTo(hash).hasSameHashCodeAs(hash);
    }

    @Test
    void hashes_differing_in_any_one_byte_are_not_equal() {
        byte[] digest = new byte[32];
        RANDOM.nextBytes(digest);
        TokenHash hash = TokenHash.fromBytes(digest);
        for (int i = 0; i < 32; i++) {
            byte[] other = digest.clone();
            other[i] ^= 1;

            assertThat(TokenHash.fromBytes(other)).as("byte %d", i).isNotEqualTo(hash);
        }
    }

    @Test
    void rejects_a_digest_that_is_not_32_bytes() {
        assertThatThrownBy(() -> TokenHash.fromBytes(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] sha256(byte[] input) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(input);
    }
}
