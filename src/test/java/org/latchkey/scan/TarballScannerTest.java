package org.latchkey.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.latchkey.pkg.Tarballs;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenType;

class TarballScannerTest {

    private static final String TOKEN = TokenFormat.generate(TokenType.CLASSIC, new SecureRandom());
    private static final String OTHER = TokenFormat.generate(TokenType.FINE_GRAINED, new SecureRandom());

    @Test
    void aSecretInAPackagedFile_isNamedByItsPathAndLine() throws IOException {
        byte[] tarball = gzip(tar("package/package.json", "{\"name\":\"@acme/tool\"}\n",
                "package/lib/config.js", "// settings\nconst a = 1;\nmodule.exports = { token: '" + TOKEN + "' };\n",
                "package/README.md", "no secrets here\n"));

        assertThat(TarballScanner.scan(tarball)).singleElement().satisfies(finding -> {
            assertThat(finding.path()).isEqualTo("package/lib/config.js");
            assertThat(finding.line()).isEqualTo(3);
            assertThat(finding.kind()).isEqualTo(SecretKind.LATCHKEY);
            assertThat(finding.secret()).isEqualTo(TOKEN);
        });
    }

    @Test
    void aSecretAfterTheArchivesEndMarker_isFoundOutsideTheFiles() throws IOException {
        byte[] archive = tar("package/index.js", "module.exports = 1;\n");
        byte[] tail = ("\n" + OTHER + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] both = new byte[archive.length + tail.length];
        System.arraycopy(archive, 0, both, 0, archive.length);
        System.arraycopy(tail, 0, both, archive.length, tail.length);

        assertThat(TarballScanner.scan(gzip(both))).extracting(Finding::path, Finding::secret)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TarballScanner.OUTSIDE_FILES, OTHER));
    }

    @Test
    void dataThatIsNotATarOrNotGzip_isScannedAsItIs() throws IOException {
        byte[] text = ("token=" + TOKEN + "\n").getBytes(StandardCharsets.US_ASCII);

        assertThat(TarballScanner.scan(text)).extracting(Finding::path).containsExactly(TarballScanner.OUTSIDE_FILES);
        assertThat(TarballScanner.scan(gzip(text))).extracting(Finding::secret).containsExactly(TOKEN);
    }

    @Test
    void aSecretInTwoFiles_isReportedInEach_andNotAgainOutsideThem() throws IOException {
        byte[] tarball = gzip(tar("package/a.js", TOKEN + "\n", "package/b.js", "\n\n" + TOKEN + "\n"));

        assertThat(TarballScanner.scan(tarball)).extracting(Finding::path, Finding::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("package/a.js", 1L),
                org.assertj.core.groups.Tuple.tuple("package/b.js", 3L));
    }

    @Test
    void gzipThatCannotBeUnpacked_isRefused() {
        byte[] broken = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5};

        assertThatThrownBy(() -> TarballScanner.scan(broken)).isInstanceOf(TarballScanner.Unreadable.class)
                .hasMessage("the tarball is not readable gzip");
    }

    @Test
    void aTarballUnpackingToMoreThanTheLimit_isRefused_notScannedForever() throws IOException {
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(bomb)) {
            byte[] zeros = new byte[1 << 20];
            for (long written = 0; written <= TarballScanner.MAX_UNPACKED; written += zeros.length) {
                gzip.write(zeros);
            }
        }
        assertThat(bomb.size()).isLessThan(1 << 20);

        assertThatThrownBy(() -> TarballScanner.scan(bomb.toByteArray())).isInstanceOf(TarballScanner.TooLarge.class)
                .hasMessage("the tarball unpacks to more than 512 MiB");
    }

    private static byte[] tar(String... pathsAndContents) {
        return Tarballs.tar(pathsAndContents);
    }

    private static byte[] gzip(byte[] data) {
        return Tarballs.gzip(data);
    }
}
