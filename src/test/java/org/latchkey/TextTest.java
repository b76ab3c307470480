package org.latchkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenType;

class TextTest {

    @Test
    void cleanText_isStripped_andNullStaysNull() {
        assertThat(Text.requireClean("reason", "  too broad\nfor a bot  ", 100, true)).isEqualTo("too broad\nfor a bot");
        assertThat(Text.requireClean("reason", null, 100, true)).isNull();
    }

    @Test
    void textHoldingASecret_isRefusedWithoutRepeatingIt() {
        String secret = TokenFormat.generate(TokenType.CLASSIC, new SecureRandom());

        assertThatThrownBy(() -> Text.requireClean("reason", "it was " + secret, 100, true))
                .isInstanceOf(InvalidField.class)
                .hasMessage("reason: looks like it contains a token secret; a secret never belongs in a reason");
    }

    @Test
    void secretsOfEveryTokenType_andTheirPrefixesInAnyCase_areRecognised() {
        for (TokenType type : TokenType.values()) {
            String secret = TokenFormat.generate(type, new SecureRandom());

            assertThat(TokenFormat.containsSecret("see " + secret + " here")).as(type.name()).isTrue();
            assertThat(TokenFormat.containsSecret(secret.substring(0, TokenFormat.LENGTH - 1))).as(type.name()).isFalse();
            assertThat(Text.quoted(type.prefix().toUpperCase(Locale.ROOT) + "_x", "it")).as(type.name()).isEqualTo("it");
        }
    }

    @Test
    void longText_controlCharacters_andLineBreaksInOneLineText_areRefused() {
        assertThatThrownBy(() -> Text.requireClean("source", "x".repeat(101), 100, false))
                .hasMessage("source: is longer than 100 characters");
        assertThatThrownBy(() -> Text.requireClean("source", "a\u0000b", 100, true)).hasMessage("source: contains control characters");
        assertThatThrownBy(() -> Text.requireClean("source", "a\nb", 100, false)).hasMessage("source: contains control characters");
    }
}
