package org.latchkey.scan;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * One scan of a tarball and the archives inside it, in one pass and bounded memory: every stream
 * (the tarball, what its gzip unpacks to, each file, each nested archive's files) is scanned as it
 * is read. A file whose content is gzip, bzip2, tar or zip (told by its first bytes, not its name) is
 * opened, up to {@link #MAX_LAYERS} layers deep; JSON files are read as JSON too. Secrets in files
 * and names are reported where they are; those only in an archive's own bytes (headers, gzip
 * fields, what follows its end) and those only a JSON reader sees are reported when not found
 * elsewhere. It is larger than most classes, as the one place that knows how the layers nest.
 */
final class ArchiveWalk {

    /** Layers opened at most: gzip, bzip2, tar and zip each count one, so a .tgz four deep in the tarball is the last read. */
    static final int MAX_LAYERS = 10;
    /** The largest zip read: read by its central directory, a zip is kept in memory. */
    static final int MAX_ZIP = 32 << 20;

    private final Unpacked.Budget budget = new Unpacked.Budget();
    private final List<StreamWindow> windows = new ArrayList<>();
    private final List<Finding> found = new ArrayList<>();
    private final List<Finding> elsewhere = new ArrayList<>();
    private final byte[] scratch = new byte[1 << 16];

    /** The findings in the tarball: those in files and names, each place once, then the rest, each secret once. */
    List<Finding> tarball(InputStream tarball) throws IOException {
        content(tarball, null, 0);
        List<Finding> all = new ArrayList<>(new java.util.LinkedHashSet<>(found));
        Set<String> seen = new HashSet<>();
        found.forEach(finding -> seen.add(finding.secret()));
        elsewhere.stream().filter(finding -> seen.add(finding.secret())).forEach(all::add);
        return all;
    }

    /** Scans one stream: the tarball when {@code path} is null, otherwise the file at that path. */
    private void content(InputStream in, String path, int layers) throws IOException {
        StreamWindow window = window(layers);
        BufferedInputStream peek = new BufferedInputStream(new Tee(in, window), 2 * Format.SNIFF);
        Format format = Format.of(peek, path);
        if (format.isArchive() && layers >= MAX_LAYERS) {
            throw new TarballScanner.Unreadable(shown(path) + " nests archives more than " + MAX_LAYERS
                    + " layers deep (a .tgz counts two: gzip and tar), too deep to check");
        }
        switch (format) {
            case GZIP, BZIP2 -> unpack(format, peek, path, layers + 1);
            case TAR -> entries(new TarArchiveInputStream(Observed.unclosed(peek)), path, layers + 1);
            case ZIP -> zip(peek, path, layers + 1);
            case JSON -> json(peek, path);
            case OTHER -> { }
        }
        drain(peek);
        for (Finding finding : window.finish()) {
            if (!format.isArchive()) {
                found.add(path == null ? placed(finding, TarballScanner.OUTSIDE_FILES) : finding.at(path, null));
            } else {
                elsewhere.add(placed(finding, outside(path)));
            }
        }
    }

    /** What a compressed stream unpacks to is scanned as the same file (a .gz of a text is the text). */
    private void unpack(Format format, InputStream in, String path, int layers) throws IOException {
        String unreadable = shown(path) + " is not readable " + format.name().toLowerCase(java.util.Locale.ROOT);
        InputStream unpacked;
        try {
            unpacked = format == Format.GZIP ? new GZIPInputStream(Observed.unclosed(in), 8192)
                    : new BZip2CompressorInputStream(Observed.unclosed(in), true);
        } catch (TarballScanner.Uncheckable e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new TarballScanner.Unreadable(unreadable);
        }
        try (unpacked) {
            content(new Unpacked(unpacked, budget, unreadable), path, layers);
        }
    }

    /**
     * A zip is read twice: as a stream of local entries (as Java's ZipInputStream and streaming
     * unzippers read it) and by its central directory (as unzip does), which may name other data.
     */
    private void zip(InputStream in, String path, int layers) throws IOException {
        Kept kept = new Kept(in, MAX_ZIP, shown(path) + " is a zip larger than " + (MAX_ZIP >> 20) + " MiB, too large to check");
        entries(new ZipArchiveInputStream(Observed.unclosed(kept), "UTF-8", true, true), path, layers);
        drain(kept);
        ZipFile zip;
        try {
            zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(kept.bytes())).get();
        } catch (IOException | RuntimeException noCentralDirectory) {
            return;
        }
        try (zip) {
            for (ZipArchiveEntry entry : java.util.Collections.list(zip.getEntries())) {
                String inside = inside(path, entry);
                names(entry, path, inside);
                if (!entry.isDirectory()) {
                    try (InputStream data = zip.getInputStream(entry)) {
                        content(new Unpacked(data, budget, shown(inside) + " cannot be unpacked from its zip"), inside, layers);
                    }
                }
            }
        } catch (TarballScanner.Uncheckable e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new TarballScanner.Unreadable(shown(path) + " is not a readable zip archive");
        }
    }

    private void entries(ArchiveInputStream<?> archive, String path, int layers) throws IOException {
        try (archive) {
            for (ArchiveEntry entry = archive.getNextEntry(); entry != null; entry = archive.getNextEntry()) {
                String inside = inside(path, entry);
                names(entry, path, inside);
                if (!entry.isDirectory() && (!(entry instanceof TarArchiveEntry tar) || tar.isFile())) {
                    InputStream data = archive instanceof ZipArchiveInputStream
                            ? new Unpacked(archive, budget, shown(inside) + " cannot be unpacked from its zip") : archive;
                    content(data, inside, layers);
                }
            }
        } catch (TarballScanner.Uncheckable e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new TarballScanner.Unreadable((path == null ? "the tarball" : shown(path))
                    + " is not a readable " + (archive instanceof ZipArchiveInputStream ? "zip" : "tar") + " archive");
        }
    }

    private static String inside(String path, ArchiveEntry entry) {
        return path == null ? entry.getName() : path + "!" + entry.getName();
    }

    private void names(ArchiveEntry entry, String path, String inside) {
        String in = path == null ? "the tarball" : shown(path);
        StreamWindow.in(entry.getName()).forEach(finding -> found.add(placed(finding, "(a file name in " + in + ")")));
        if (entry instanceof TarArchiveEntry tar && (tar.isSymbolicLink() || tar.isLink())) {
            StreamWindow.in(tar.getLinkName()).forEach(finding ->
                    found.add(placed(finding, "(the link target of " + shown(inside) + ")")));
        }
    }

    private void json(InputStream in, String path) {
        List<JsonStrings.Found> decoded = new ArrayList<>(0);
        try {
            JsonStrings.scan(in, decoded);
        } catch (IOException notJson) {
            // What it held up to there is reported; the raw scan covers the rest.
        }
        for (JsonStrings.Found hit : decoded) {
            String where = shown(path) + ":" + hit.line() + " (" + (hit.field() == null ? "a field name"
                    : "the field " + hit.field()) + ")";
            elsewhere.add(placed(hit.finding(), where));
        }
    }

    /** Reads what is left of the stream, so the window sees all of it. */
    private void drain(InputStream in) throws IOException {
        while (in.read(scratch) >= 0) {
            // Each read hands the bytes to the window.
        }
    }

    private StreamWindow window(int layers) {
        while (windows.size() <= layers) {
            windows.add(new StreamWindow());
        }
        return windows.get(layers);
    }

    /** The finding at a place that is not a line of a file: {@code where} says it all (line 0). */
    private static Finding placed(Finding finding, String where) {
        return new Finding(where, null, 0, finding.kind(), finding.checksumValid(), finding.secret());
    }

    private static String outside(String path) {
        return path == null ? TarballScanner.OUTSIDE_FILES : "(" + shown(path) + ", outside its files)";
    }

    private static String shown(String path) {
        return path == null ? "the tarball" : TarballScanner.shown(path);
    }
}
