package org.latchkey.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenType;
import org.junit.jupiter.api.Test;

class TokenScannerTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void finds_every_kind_of_token_with_its_line() {
        String classic = TokenFormat.generate(TokenType.CLASSIC, RANDOM);
        String fine = TokenFormat.generate(TokenType.FINE_GRAINED, RANDOM);
        String text = "first line\nexport TOKEN=\"" + classic + "\"\n\nurl=https://x:" + fine + "@host/repo.git\n";

        var findings = TokenScanner.scan(bytes(text));

        assertThat(findings).extracting(TokenScanner.Finding::secret).containsExactly(classic, fine);
        assertThat(findings).extracting(TokenScanner.Finding::line).containsExactly(2, 4);
    }

    @Test
    void finds_job_and_oauth_tokens_and_client_secrets_too() {
        StringBuilder text = new StringBuilder();
        java.util.List<String> secrets = new java.util.ArrayList<>();
        for (TokenType type : TokenType.values()) {
            secrets.add(TokenFormat.generate(type, RANDOM));
        }
        secrets.add(org.latchkey.token.ClientSecretFormat.generate(RANDOM));
        secrets.forEach(secret -> text.append("key = ").append(secret).append('\n'));

        assertThat(TokenScanner.scan(bytes(text.toString()))).extracting(TokenScanner.Finding::secret)
                .containsExactlyElementsOf(secrets);
        String clientSecret = secrets.get(secrets.size() - 1);
        assertThat(TokenScanner.scan(bytes(clientSecret.substring(0, 40) + (clientSecret.charAt(40) == 'a' ? 'b' : 'a'))))
                .as("a client secret with a wrong checksum").isEmpty();
    }

    @Test
    void ignores_mistyped_tokens_and_tokens_glued_to_other_characters() {
        String token = TokenFormat.generate(TokenType.CLASSIC, RANDOM);
        String mistyped = token.substring(0, 39) + (token.charAt(39) == 'a' ? 'b' : 'a');

        assertThat(TokenScanner.scan(bytes(mistyped))).isEmpty();
        assertThat(TokenScanner.scan(bytes("x" + token))).isEmpty();
        assertThat(TokenScanner.scan(bytes(token + "0"))).isEmpty();
        assertThat(TokenScanner.scan(bytes("lkp_short"))).isEmpty();
        assertThat(TokenScanner.scan(bytes(token.substring(0, 39)))).isEmpty();
    }

    @Test
    void a_token_at_the_very_start_or_end_of_a_file_is_found() {
        String token = TokenFormat.generate(TokenType.SESSION, RANDOM);

        assertThat(TokenScanner.scan(bytes(token))).hasSize(1);
        assertThat(TokenScanner.scan(bytes("a=" + token))).hasSize(1);
    }

    @Test
    void a_finding_never_prints_its_secret() {
        String token = TokenFormat.generate(TokenType.CLASSIC, RANDOM);

        assertThat(TokenScanner.scan(bytes(token)).get(0).toString()).doesNotContain(token);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
