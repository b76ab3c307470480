package org.latchkey.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TokenFormatTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @ParameterizedTest
    @EnumSource(TokenType.class)
    void every_generated_token_is_well_formed(TokenType type) {
        for (int i = 0; i < 1000; i++) {
            String token = TokenFormat.generate(type, RANDOM);

            assertThat(token).hasSize(40).startsWith(type.prefix() + "_").matches("[a-z]{3}_[0-9A-Za-z]{36}");
            assertThat(TokenFormat.parse(token)).isEqualTo(type);
        }
    }

    @Test
    void any_single_character_change_is_rejected() {
        SplittableRandom random = new SplittableRandom(RANDOM.nextLong());
        for (int i = 0; i < 5000; i++) {
            String token = TokenFormat.generate(TokenType.values()[random.nextInt(3)], RANDOM);
            int position = random.nextInt(4, 40);
            char replacement = TokenFormat.ALPHABET.charAt(random.nextInt(62));
            if (token.charAt(position) == replacement) {
                continue;
            }
            String changed = token.substring(0, position) + replacement + token.substring(position + 1);

            assertThat(TokenFormat.parse(changed)).as("changed %s at %d", token, position).isNull();
        }
    }

    @Test
    void checksum_is_crc32_of_prefix_and_random_part_in_base62_padded_to_six() {
        String body = "lkp_" + "0".repeat(30);
        String token = body + base62(crc32(body));

        assertThat(TokenFormat.parse(token)).isEqualTo(TokenType.CLASSIC);
    }

    @Test
    void wrong_prefix_length_or_alphabet_is_rejected() {
        String token = TokenFormat.generate(TokenType.CLASSIC, RANDOM);

        assertThat(TokenFormat.parse("ghp_" + token.substring(4))).isNull();
        assertThat(TokenFormat.parse(token + "0")).isNull();
        assertThat(TokenFormat.parse(token.substring(0, 39))).isNull();
        assertThat(TokenFormat.parse(token.substring(0, 10) + "-" + token.substring(11))).isNull();
        assertThat(TokenFormat.parse("lkp-" + token.substring(4))).isNull();
        assertThat(TokenFormat.parse(null)).isNull();
        assertThat(TokenFormat.parse("")).isNull();
    }

    @Test
    void a_secret_is_read_where_it_ends_a_text() {
        String token = TokenFormat.generate(TokenType.SESSION, RANDOM);

        assertThat(TokenFormat.parse("Bearer " + token, 7)).isEqualTo(TokenType.SESSION);
        assertThat(TokenFormat.parse("Bearer " + token, 6)).isNull();
        assertThat(TokenFormat.parse("Bearer " + token + " ", 7)).isNull();
    }

    @Test
    void characters_beyond_ascii_are_outside_the_alphabet() {
        String token = TokenFormat.generate(TokenType.CLASSIC, RANDOM);
        for (char c : new char[] {'\u00e9', '\u0130', '\u0430', '\uff10', (char) ('0' + 256)}) {
            assertThat(TokenFormat.parse(token.substring(0, 20) + c + token.substring(21))).isNull();
        }
    }

    private static long crc32(String s) {
        CRC32 crc = new CRC32();
        crc.update(s.getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    private static String base62(long value) {
        StringBuilder out = new StringBuilder();
        do {
            out.insert(0, TokenFormat.ALPHABET.charAt((int) (value % 62)));
            value /= 62;
        } while (value > 0);
        while (out.length() < 6) {
            out.insert(0, '0');
        }
        return out.toString();
    }
}
