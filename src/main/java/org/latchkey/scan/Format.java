package org.latchkey.scan;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;

/** What a stream in a tarball is read as: an archive or compressed data told by its first bytes (never its name), JSON by its name, or plain bytes. */
enum Format {
    GZIP, BZIP2, TAR, ZIP, JSON, OTHER;

    /** The bytes looked at: a tar's magic ends at 263. */
    static final int SNIFF = 512 + 8;

    /** The format of the stream, which is left where it was; {@code path} is the file's (null for the tarball). */
    static Format of(BufferedInputStream in, String path) throws IOException {
        in.mark(SNIFF);
        byte[] head = in.readNBytes(SNIFF);
        in.reset();
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (isBzip2(head)) {
            return BZIP2;
        }
        if (TarArchiveInputStream.matches(head, head.length)) {
            return TAR;
        }
        if (head.length >= 4 && ZipArchiveInputStream.matches(head, head.length)) {
            return ZIP;
        }
        return path != null && path.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : OTHER;
    }

    /** "BZh", a block size from 1 to 9, and the magic of a first block or of the stream's end. */
    private static boolean isBzip2(byte[] head) {
        if (head.length < 10 || head[0] != 'B' || head[1] != 'Z' || head[2] != 'h' || head[3] < '1' || head[3] > '9') {
            return false;
        }
        long magic = 0;
        for (int i = 4; i < 10; i++) {
            magic = magic << 8 | head[i] & 0xff;
        }
        return magic == 0x314159265359L || magic == 0x177245385090L;
    }

    boolean isArchive() {
        return this != JSON && this != OTHER;
    }
}
