package org.latchkey.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The detectors over a corpus of true and false positives, and chunk boundaries. */
class ChunkScannerTest {

    @Test
    void finds_every_kind_with_its_line_and_checksum() throws IOException {
        String latchkey = Secrets.latchkey();
        String github = Secrets.github();
        String oauth = Secrets.withCrc("gho_");
        String pat = Secrets.githubFineGrained();
        String gitlab = Secrets.gitlab();
        String npm = Secrets.npm();
        String aws = Secrets.aws();
        String text = "LATCHKEY=" + latchkey + "\n"
                + "token: '" + github + "'\n"
                + "oauth " + oauth + " pat " + pat + "\n\n"
                + "gitlab=\"" + gitlab + "\"\n"
                + "//registry.npmjs.org/:_authToken=" + npm + "\n"
                + "aws_access_key_id = " + aws + "\r\n";

        List<Finding> found = scan(text);

        assertThat(found).extracting(Finding::secret).containsExactly(latchkey, github, oauth, pat, gitlab, npm, aws);
        assertThat(found).extracting(Finding::line).containsExactly(1L, 2L, 3L, 3L, 5L, 6L, 7L);
        assertThat(found).extracting(f -> f.kind().wireName()).containsExactly("latchkey", "github", "github",
                "github_fine_grained", "gitlab", "npm", "aws_access_key_id");
        assertThat(found).extracting(Finding::checksumValid).containsExactly(true, true, true, null, null, true, null);
    }

    @Test
    void a_broken_checksum_hides_a_latchkey_token_and_is_reported_for_github_and_npm() throws IOException {
        List<Finding> found = scan(Secrets.broken(Secrets.latchkey()) + "\n" + Secrets.broken(Secrets.github()) + "\n"
                + Secrets.broken(Secrets.npm()) + "\nghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n");

        assertThat(found).extracting(f -> f.kind().wireName()).containsExactly("github", "npm", "github");
        assertThat(found).extracting(Finding::checksumValid).containsExactly(false, false, false);
    }

    @Test
    void look_alikes_glued_to_other_characters_or_of_the_wrong_length_are_not_secrets() throws IOException {
        String[] lookAlikes = {
            "x" + Secrets.latchkey(), Secrets.latchkey() + "0",
            "a" + Secrets.github(), Secrets.github() + "Z", Secrets.github().substring(0, 39), "ghx_" + Secrets.random(36, "abc"),
            Secrets.githubFineGrained() + "_", Secrets.githubFineGrained().substring(0, 90), "1" + Secrets.githubFineGrained(),
            Secrets.gitlab() + "-", Secrets.gitlab().substring(0, 25), "myglpat-" + Secrets.random(20, "abc"),
            "npm_" + Secrets.random(35, "abc"), Secrets.npm() + "q", "Xnpm_" + Secrets.random(36, "abc"),
            "AKIA" + Secrets.random(15, "ABC"), "AKIA" + Secrets.random(17, "ABC"), "AKIA" + Secrets.random(16, "abc"),
            "XAKIA" + Secrets.random(16, "ABC"), "AKIB" + Secrets.random(16, "ABC"),
        };
        for (String lookAlike : lookAlikes) {
            assertThat(scan("before " + lookAlike + " after")).as(lookAlike.substring(0, 6)).isEmpty();
        }
    }

    @Test
    void secrets_at_the_very_start_and_end_are_found() throws IOException {
        String first = Secrets.github();
        String last = Secrets.aws();

        assertThat(scan(first + "\n" + last)).extracting(Finding::secret).containsExactly(first, last);
        assertThat(scan(last)).hasSize(1);
    }

    @Test
    void secrets_straddling_every_chunk_boundary_are_found_once_with_their_lines() throws IOException {
        String pat = Secrets.githubFineGrained();
        String latchkey = Secrets.latchkey();
        int chunk = 8192;
        for (int offset = chunk - 100; offset <= chunk + 5; offset++) {
            StringBuilder text = new StringBuilder();
            text.append("a\n".repeat(offset / 2)).append(" ".repeat(offset % 2));
            text.append(pat).append(' ').append(latchkey).append('\n');
            text.append("x".repeat(chunk - 60)).append(' ').append(latchkey).append('\n');

            List<Finding> found = new ChunkScanner(chunk).scan(stream(text.toString()), false);

            long line = offset / 2 + 1;
            assertThat(found).as("offset %s", offset).extracting(Finding::secret).containsExactly(pat, latchkey, latchkey);
            assertThat(found).as("offset %s", offset).extracting(Finding::line).containsExactly(line, line, line + 1);
        }
    }

    @Test
    void line_numbers_hold_across_many_chunks() throws IOException {
        String secret = Secrets.npm();
        StringBuilder text = new StringBuilder();
        for (int line = 1; line <= 20_000; line++) {
            text.append(line % 5000 == 0 ? "key " + secret : "filler line " + line).append('\n');
        }

        List<Finding> found = new ChunkScanner(8192).scan(stream(text.toString()), false);

        assertThat(found).extracting(Finding::line).containsExactly(5000L, 10000L, 15000L, 20000L);
    }

    @Test
    void binary_data_is_skipped_unless_asked_for() throws IOException {
        byte[] data = ("\0\1\2 " + Secrets.github() + " \0").getBytes(StandardCharsets.US_ASCII);

        assertThat(new ChunkScanner().scan(new ByteArrayInputStream(data), false)).isNull();
        assertThat(new ChunkScanner().scan(new ByteArrayInputStream(data), true)).hasSize(1);
    }

    @Test
    void a_finding_never_shows_its_secret() throws IOException {
        String secret = Secrets.latchkey();
        Finding finding = scan(secret).get(0);

        assertThat(finding.masked()).isEqualTo(secret.substring(0, 8) + "…");
        assertThat(finding.fingerprint()).matches("sha256:[0-9a-f]{64}");
        assertThat(finding.toString()).doesNotContain(secret.substring(8));
    }

    private static List<Finding> scan(String text) throws IOException {
        return new ChunkScanner().scan(stream(text), false);
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
