package org.latchkey.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.latchkey.pkg.Tarballs;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenType;

/**
 * Archives inside a package (gzip, tar and zip, told by their content), opened and scanned to four
 * deep within the tarball's one unpacking limit; bombs and archives that cannot be read are refused.
 */
class NestedArchivesTest {

    private static final String TOKEN = TokenFormat.generate(TokenType.CLASSIC, new SecureRandom());

    @Test
    void aTokenInATgzZipOrTarInsideThePackage_isNamedByItsPathInside() {
        byte[] inner = Tarballs.tgz("package/a.txt", "1\n", "package/secret.txt", "\n\nkey=" + TOKEN + "\n");
        byte[] tarball = Tarballs.tgz("package/fixtures/inner.tgz", inner,
                "package/fixtures/docs.zip", Tarballs.zip("docs/x.txt", TOKEN),
                "package/fixtures/plain.tar", Tarballs.tar("y/z.txt", "\n" + TOKEN));

        assertThat(TarballScanner.scan(tarball)).extracting(TarballScanner::where).containsExactly(
                "package/fixtures/inner.tgz!package/secret.txt:3", "package/fixtures/docs.zip!docs/x.txt:1",
                "package/fixtures/plain.tar!y/z.txt:2");
    }

    @Test
    void aBzip2File_isUnpacked_andTextThatMerelyStartsLikeOne_isScannedAsText() throws IOException {
        ByteArrayOutputStream bzip2 = new ByteArrayOutputStream();
        try (OutputStream out = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(bzip2)) {
            out.write(("a\n" + TOKEN + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        byte[] tarball = Tarballs.tgz("package/notes.txt.bz2", bzip2.toByteArray(), "package/bzh.txt", "BZh9 " + TOKEN);

        assertThat(TarballScanner.scan(tarball)).extracting(TarballScanner::where)
                .containsExactly("package/notes.txt.bz2:2", "package/bzh.txt:1");
    }

    @Test
    void anArchiveNamedAsSomethingElse_isOpenedAllTheSame() {
        byte[] tarball = Tarballs.tgz("package/logo.png", Tarballs.tgz("p/.env", TOKEN),
                "package/data.bin", Tarballs.zip("z/" + TOKEN, "x"));

        assertThat(TarballScanner.scan(tarball)).extracting(TarballScanner::where).containsExactly(
                "package/logo.png!p/.env:1", "(a file name in package/data.bin)");
    }

    @Test
    void aZipEntryOnlyItsCentralDirectoryNames_isRead_asUnzipWouldReadIt() {
        byte[] zip = hiddenFromStreaming(Tarballs.zip("a.txt", "clean", "b.txt", "x".repeat(1000) + "\n" + TOKEN));

        assertThat(TarballScanner.scan(Tarballs.tgz("package/docs.zip", zip))).extracting(TarballScanner::where)
                .containsExactly("package/docs.zip!b.txt:2");
    }

    @Test
    void archivesFourDeep_areRead_andAFifthIsRefusedAsTooDeep() {
        byte[] four = nested(4, Tarballs.tgz("package/secret.txt", TOKEN));
        byte[] five = nested(5, Tarballs.tgz("package/secret.txt", TOKEN));

        assertThat(TarballScanner.scan(four)).extracting(TarballScanner::where).containsExactly(
                "package/l1.tgz!package/l2.tgz!package/l3.tgz!package/l4.tgz!package/secret.txt:1");
        assertThatThrownBy(() -> TarballScanner.scan(five)).isInstanceOf(TarballScanner.Unreadable.class)
                .hasMessageContaining("package/l1.tgz!package/l2.tgz!package/l3.tgz!package/l4.tgz!package/l5.tgz nests"
                        + " archives more than 10 layers deep");
    }

    @Test
    void cleanNestedArchives_haveNothingToReport() {
        byte[] tarball = nested(3, Tarballs.tgz("package/index.js", "module.exports = 1;\n",
                "package/a.zip", Tarballs.zip("readme.txt", "hello"), "package/package.json", "{\"name\":\"x\"}"));

        assertThat(TarballScanner.scan(tarball)).isEmpty();
    }

    @Test
    void nestedGzipsUnpackingToMoreThanTheLimitInAll_areRefused_thoughEachIsSmaller() throws IOException {
        byte[] sixtyMiB = zeros(60L << 20, false);
        List<Object> entries = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            entries.add("package/data" + i + ".gz");
            entries.add(sixtyMiB);
        }

        assertThat(sixtyMiB.length).isLessThan(1 << 20);
        assertThatThrownBy(() -> TarballScanner.scan(Tarballs.tgz(entries.toArray())))
                .isInstanceOf(TarballScanner.TooLarge.class);
    }

    @Test
    void aZipBomb_isRefused() throws IOException {
        byte[] bomb = zeros(TarballScanner.MAX_UNPACKED + (1 << 20), true);

        assertThat(bomb.length).isLessThan(4 << 20);
        assertThatThrownBy(() -> TarballScanner.scan(Tarballs.tgz("package/bomb.zip", bomb)))
                .isInstanceOf(TarballScanner.TooLarge.class);
    }

    @Test
    void aNestedArchiveThatCannotBeRead_isRefused_namingIt() {
        byte[] inner = Tarballs.tgz("package/a.txt", "x".repeat(100_000));
        byte[] cut = java.util.Arrays.copyOf(inner, inner.length / 2);

        assertThatThrownBy(() -> TarballScanner.scan(Tarballs.tgz("package/broken.tgz", cut)))
                .isInstanceOf(TarballScanner.Unreadable.class).hasMessage("package/broken.tgz is not readable gzip");
    }

    @Test
    void damagedArchives_areReadOrRefusedAsUncheckable_neverFailOtherwise() throws IOException {
        ByteArrayOutputStream bzip2 = new ByteArrayOutputStream();
        try (OutputStream out = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(bzip2)) {
            out.write("some notes\n".repeat(50).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        byte[] inner = Tarballs.tar("p/a.txt", "x\n".repeat(300), "p/b.zip", Tarballs.zip("c.txt", "y".repeat(500)),
                "p/d.bz2", bzip2.toByteArray(), "p/e.json", "{\"k\": [1, \"v\"]}");
        java.util.Random random = new java.util.Random(20261206);

        for (int run = 0; run < 400; run++) {
            boolean beforeGzip = run % 3 == 0;
            byte[] damaged = beforeGzip ? inner.clone()
                    : run % 2 == 0 ? Tarballs.gzip(inner) : Tarballs.tgz("package/inner.tar", inner);
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
            }
            byte[] cut = run % 4 == 3 ? java.util.Arrays.copyOf(damaged, random.nextInt(damaged.length)) : damaged;
            byte[] tarball = beforeGzip ? Tarballs.tgz("package/inner.tar", cut) : cut;

            try {
                TarballScanner.scan(tarball);
            } catch (TarballScanner.Uncheckable refused) {
                assertThat(refused.getMessage()).isNotBlank();
            }
        }
    }

    /**
     * The zip of two entries with a central directory signature put before the second's local
     * header: a streaming reader stops there, while the central directory (moved on) still names it.
     */
    static byte[] hiddenFromStreaming(byte[] zip) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(zip).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int end = zip.length - 22;
        int directory = in.getInt(end + 16);
        int second = in.getInt(directory + 46 + in.getShort(directory + 28) + in.getShort(directory + 30)
                + in.getShort(directory + 32) + 42);
        byte[] out = new byte[zip.length + 4];
        System.arraycopy(zip, 0, out, 0, second);
        out[second] = 'P';
        out[second + 1] = 'K';
        out[second + 2] = 1;
        out[second + 3] = 2;
        System.arraycopy(zip, second, out, second + 4, zip.length - second);
        java.nio.ByteBuffer patched = java.nio.ByteBuffer.wrap(out).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int secondEntry = directory + 4 + 46 + in.getShort(directory + 28) + in.getShort(directory + 30)
                + in.getShort(directory + 32);
        patched.putInt(secondEntry + 42, second + 4);
        patched.putInt(end + 4 + 16, directory + 4);
        return out;
    }

    /** The archive inside {@code depth} tgz files (l1.tgz holding l2.tgz, ...), the last holding {@code innermost}. */
    static byte[] nested(int depth, byte[] innermost) {
        byte[] archive = innermost;
        for (int level = depth; level >= 1; level--) {
            archive = Tarballs.tgz("package/l" + level + ".tgz", archive);
        }
        return archive;
    }

    /** {@code length} zero bytes, gzipped or as the one entry of a zip. */
    private static byte[] zeros(long length, boolean zip) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gzip = zip ? zipEntry(out) : new GZIPOutputStream(out)) {
            byte[] chunk = new byte[1 << 20];
            for (long written = 0; written < length; written += chunk.length) {
                gzip.write(chunk);
            }
        }
        return out.toByteArray();
    }

    private static OutputStream zipEntry(OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.setLevel(java.util.zip.Deflater.BEST_SPEED);
        zip.putNextEntry(new ZipEntry("zeros"));
        return zip;
    }
}
