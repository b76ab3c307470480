package org.latchkey.pkg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Package tarballs for tests, made as npm pack makes them (a gzipped tar), and the archives a
 * package may hold. Contents are (path, content) pairs, each content a string or bytes; names
 * longer than a tar header holds go in PAX headers.
 */
public final class Tarballs {

    private Tarballs() {
    }

    /** A .tgz of (path, content) pairs. */
    public static byte[] tgz(Object... pathsAndContents) {
        return gzip(tar(pathsAndContents));
    }

    /** A tar of (path, content) pairs. */
    public static byte[] tar(Object... pathsAndContents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (int i = 0; i < pathsAndContents.length; i += 2) {
                byte[] content = bytes(pathsAndContents[i + 1]);
                TarArchiveEntry entry = new TarArchiveEntry((String) pathsAndContents[i]);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A .zip of (path, content) pairs, deflated. */
    public static byte[] zip(Object... pathsAndContents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < pathsAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry((String) pathsAndContents[i]));
                zip.write(bytes(pathsAndContents[i + 1]));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(Object content) {
        return content instanceof byte[] bytes ? bytes : content.toString().getBytes(StandardCharsets.UTF_8);
    }
}
