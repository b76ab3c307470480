package org.latchkey.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.ExtraField;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.junit.jupiter.api.Test;
import org.latchkey.pkg.Tarballs;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenType;

/**
 * The ways a token can hide in a tarball outside a file's plain text (names, link targets, tar and
 * gzip headers, JSON escapes, block boundaries), each found and placed without repeating the token,
 * and the look-alikes that are not a token (a case-flipped secret, one split across files) let through.
 */
class TarballWaysAroundTest {

    private static final String TOKEN = TokenFormat.generate(TokenType.CLASSIC, new SecureRandom());

    @Test
    void aTokenInAFileName_orADirectoryName_isFoundAsAName_andNotRepeated() {
        List<Finding> inFile = TarballScanner.scan(Tarballs.tgz("package/keys/" + TOKEN + ".txt", "nothing\n"));
        List<Finding> inDirectory = TarballScanner.scan(Tarballs.tgz("package/" + TOKEN + "/index.js", "1\n"));

        assertThat(inFile).extracting(TarballScanner::where).containsExactly("(a file name in the tarball)");
        assertThat(inDirectory).extracting(TarballScanner::where).containsExactly("(a file name in the tarball)");
        assertThat(inFile).extracting(Finding::secret).containsExactly(TOKEN);
    }

    @Test
    void aTokenInANameTooLongForTheTarHeader_isFoundInItsPaxHeader() {
        String longName = "package/" + "deep/".repeat(30) + TOKEN + ".txt";

        assertThat(TarballScanner.scan(Tarballs.tgz(longName, "x\n"))).extracting(TarballScanner::where, Finding::secret)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("(a file name in the tarball)", TOKEN));
    }

    @Test
    void aPathWithControlCharacters_orTooLongToShow_isShownCleanAndCut() {
        String odd = "package/a\u0000b\nc/" + "x".repeat(1000) + ".txt";

        assertThat(TarballScanner.scan(Tarballs.tgz(odd, "\n" + TOKEN))).extracting(TarballScanner::where).singleElement()
                .satisfies(where -> assertThat(where).startsWith("package/a?b?c/xxx").contains("…").endsWith("xxx.txt:2")
                        .hasSizeLessThan(260));
    }

    @Test
    void aTokenInASymlinksTarget_isFound() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry link = new TarArchiveEntry("package/config", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("../" + TOKEN);
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }

        assertThat(TarballScanner.scan(Tarballs.gzip(out.toByteArray()))).extracting(TarballScanner::where)
                .containsExactly("(the link target of package/config)");
    }

    @Test
    void aTokenInAPaxRecord_isFoundOutsideTheFiles() throws IOException {
        for (String record : new String[] {"SCHILY.xattr.user.note", "comment"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
                TarArchiveEntry entry = new TarArchiveEntry("package/index.js");
                entry.addPaxHeader(record, TOKEN);
                entry.setSize(2);
                tar.putArchiveEntry(entry);
                tar.write("1\n".getBytes(StandardCharsets.US_ASCII));
                tar.closeArchiveEntry();
            }

            assertThat(TarballScanner.scan(Tarballs.gzip(out.toByteArray()))).extracting(TarballScanner::where)
                    .containsExactly(TarballScanner.OUTSIDE_FILES);
        }
    }

    @Test
    void aTokenInTheGzipHeadersNameCommentOrExtraField_orAfterTheGzipEnds_isFound() throws IOException {
        byte[] tar = Tarballs.tar("package/index.js", "1\n");
        GzipParameters comment = new GzipParameters();
        comment.setComment("key " + TOKEN);
        GzipParameters name = new GzipParameters();
        name.setFileName(TOKEN + ".tar");
        GzipParameters extra = new GzipParameters();
        extra.setExtraField(new ExtraField().addSubField("LK", (" " + TOKEN + " ").getBytes(StandardCharsets.US_ASCII)));
        byte[] trailing = concat(Tarballs.gzip(tar), ("\n" + TOKEN + "\n").getBytes(StandardCharsets.US_ASCII));

        for (byte[] tarball : List.of(gzip(tar, comment), gzip(tar, name), gzip(tar, extra), trailing)) {
            assertThat(TarballScanner.scan(tarball)).extracting(TarballScanner::where, Finding::secret)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(TarballScanner.OUTSIDE_FILES, TOKEN));
        }
    }

    @Test
    void aTokenAcrossTarBlockAndScanWindowBoundaries_isFoundOnItsLine() {
        for (int offset : new int[] {490, 511, 512 * 3 - 20, (1 << 16) - 25, (1 << 16) + 3, 3 * (1 << 16) - 39}) {
            String content = "x".repeat(offset - 1) + "\n" + TOKEN + "\n";

            assertThat(TarballScanner.scan(Tarballs.tgz("package/data.txt", content)))
                    .as("a token at byte %s", offset).extracting(TarballScanner::where, Finding::secret)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("package/data.txt:2", TOKEN));
        }
    }

    @Test
    void aTokenSplitAcrossTwoFiles_orCaseFlipped_isNoToken_andPasses() {
        String flipped = TOKEN.substring(0, 4) + flipCase(TOKEN.substring(4));

        assertThat(TarballScanner.scan(Tarballs.tgz("package/a.txt", TOKEN.substring(0, 20),
                "package/b.txt", TOKEN.substring(20)))).isEmpty();
        assertThat(TarballScanner.scan(Tarballs.tgz("package/" + flipped + ".txt", flipped + "\n",
                "package/package.json", "{\"description\":\"" + flipped + "\"}"))).isEmpty();
    }

    @Test
    void aTokenInJsonThatOnlyAJsonReaderSees_isFoundByItsField() {
        String escaped = "\\u006c" + TOKEN.substring(1);
        byte[] tarball = Tarballs.tgz("package/package.json", "{\n \"name\": \"@acme/tool\",\n \"readme\": \"# Tool\\n"
                + TOKEN + "\",\n \"scripts\": {\"test\": \"" + escaped + "\"},\n \"" + escaped + "\": 1\n}\n");

        assertThat(TarballScanner.scan(tarball)).extracting(TarballScanner::where).containsExactly(
                "package/package.json:3 (the field readme)");
        assertThat(TarballScanner.scan(Tarballs.tgz("package/data.json", "[{\"k\": [\"a\", \"" + escaped + "\"]}]")))
                .extracting(TarballScanner::where).containsExactly("package/data.json:1 (the field [0].k[1])");
        assertThat(TarballScanner.scan(Tarballs.tgz("package/data.json", "{\"" + escaped + "\": 1}")))
                .extracting(TarballScanner::where).containsExactly("package/data.json:1 (a field name)");
    }

    @Test
    void aTokenFarIntoALongJsonString_isFoundOnItsLine() {
        String readme = "\\u00e9\\ud83d\\ude00".repeat(30_000) + "\\n".repeat(2) + "x\\n" + TOKEN;

        assertThat(TarballScanner.scan(Tarballs.tgz("package/package.json", "{\"readme\": \"" + readme + "\"}")))
                .extracting(TarballScanner::where).containsExactly("package/package.json:1 (the field readme)");
        assertThat(JsonStrings.scan("{\"readme\": \"" + readme + "\"}")).singleElement()
                .satisfies(found -> assertThat(found.finding().line()).isEqualTo(4));
    }

    @Test
    void aBrokenJsonFile_isStillScannedAsText() {
        assertThat(TarballScanner.scan(Tarballs.tgz("package/package.json", "{ not json " + TOKEN + "\n")))
                .extracting(TarballScanner::where).containsExactly("package/package.json:1");
    }

    @Test
    void aTarballThatIsNotGzip_orIsCutShort_isRefusedAsUnreadable() {
        byte[] tgz = Tarballs.tgz("package/index.js", "x".repeat(100_000));
        byte[] cut = java.util.Arrays.copyOf(tgz, tgz.length / 2);

        assertThatThrownBy(() -> TarballScanner.scan(cut)).isInstanceOf(TarballScanner.Unreadable.class)
                .hasMessage("the tarball is not readable gzip");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] gzip(byte[] data, GzipParameters parameters) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(out, parameters)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    private static String flipCase(String text) {
        StringBuilder flipped = new StringBuilder();
        for (char c : text.toCharArray()) {
            flipped.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return flipped.toString();
    }
}
