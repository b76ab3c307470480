package org.latchkey.git;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * The CLI under test as a program git can run, without building the jar: a script that runs
 * {@code org.latchkey.Main} on the test classpath, or a copy of the project's {@code bin/} with a
 * {@code target/latchkey.jar} whose manifest points at that classpath, so the shipped scripts run.
 */
final class CliLauncher {

    private CliLauncher() {
    }

    /** Writes {@code dir/latchkey}, which runs the CLI with its arguments, and returns it. */
    static Path script(Path dir) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return executable(dir.resolve("latchkey"), "#!/bin/sh\nexec " + quote(java) + " -cp "
                + quote(System.getProperty("java.class.path")) + " org.latchkey.Main \"$@\"\n");
    }

    /** Copies {@code bin/} into {@code dir/bin} beside a {@code dir/target/latchkey.jar}; returns {@code dir/bin}. */
    static Path distribution(Path dir) {
        try {
            Path bin = Files.createDirectories(dir.resolve("bin"));
            for (String name : new String[] {"latchkey", "git-credential-latchkey"}) {
                executable(bin.resolve(name), Files.readString(projectBin().resolve(name)));
            }
            Files.createDirectories(dir.resolve("target"));
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "org.latchkey.Main");
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, Arrays.stream(
                            System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                    .map(entry -> Path.of(entry).toAbsolutePath().toUri().toString())
                    .collect(Collectors.joining(" ")));
            try (OutputStream out = Files.newOutputStream(dir.resolve("target/latchkey.jar"));
                 JarOutputStream jar = new JarOutputStream(out, manifest)) {
                jar.flush();
            }
            return bin;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path projectBin() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "bin");
    }

    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private static Path executable(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
