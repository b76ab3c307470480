package org.latchkey.pkg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.latchkey.FileStorage;

/**
 * Package tarballs on disk, named by id ({@code <packages>/<package id>/<version id>.tgz}), so no
 * user-chosen name ever becomes a path nor depends on the node ({@code serve --packages} on shared
 * storage); a node that cannot reach them refuses with 503. A file is written beside its final name and moved into
 * place, and checked against the version's integrity whenever it is read.
 */
public final class TarballFiles {

    private final FileStorage storage;
    private final Path root;

    public TarballFiles(FileStorage storage) {
        this.storage = storage;
        this.root = storage.root();
    }

    void write(PackageVersion version, byte[] data) {
        storage.check();
        Path file = file(version);
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(version.id() + ".tgz.partial");
            Files.write(partial, data);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tarball of package version id " + version.id(), e);
        }
    }

    /** The tarball's bytes; refuses to serve one whose checksum no longer matches what was published. */
    byte[] read(PackageVersion version) {
        storage.checkPresent(file(version));
        byte[] data;
        try {
            data = Files.readAllBytes(file(version));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tarball of package version id " + version.id(), e);
        }
        if (!Checksums.integrity(data).equals(version.integrity())) {
            throw new IllegalStateException("the tarball of package version id " + version.id()
                    + " does not match its published integrity");
        }
        return data;
    }

    void delete(PackageVersion version) {
        try {
            Files.deleteIfExists(file(version));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the tarball of package version id " + version.id(), e);
        }
    }

    /** Removes every tarball of a package, when the package is deleted. */
    public void deleteAll(long packageId) {
        Path directory = root.resolve(Long.toString(packageId));
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the tarballs of package id " + packageId, e);
        }
    }

    private Path file(PackageVersion version) {
        return root.resolve(Long.toString(version.packageId())).resolve(version.id() + ".tgz");
    }
}
