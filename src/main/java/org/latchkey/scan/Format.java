package org.latchkey.scan;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;

/** What a stream in a tarball is read as: an archive told by its first bytes (never its name), JSON by its name, or plain bytes. */
enum Format {
    GZIP, TAR, ZIP, JSON, OTHER;

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
        if (TarArchiveInputStream.matches(head, head.length)) {
            return TAR;
        }
        if (head.length >= 4 && ZipArchiveInputStream.matches(head, head.length)) {
            return ZIP;
        }
        return path != null && path.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : OTHER;
    }

    boolean isArchive() {
        return this == GZIP || this == TAR || this == ZIP;
    }
}
