package org.latchkey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory of files that every node must reach ({@code serve --repositories}, {@code --packages}):
 * checked before each use, so that a node that lost it (unmounted, removed, replaced, not readable
 * or writable) answers 503 with the reason instead of "not found", and never re-creates it empty.
 * Each change between usable and not is logged once, with the path; clients are not told the path.
 */
public final class FileStorage {

    /** The code of every refusal for lack of storage, whatever the protocol. */
    public static final String UNAVAILABLE = "storage_unavailable";

    private static final Logger LOG = LoggerFactory.getLogger(FileStorage.class);

    private final String what;
    private final Path root;
    private final AtomicReference<String> lastProblem = new AtomicReference<>();

    /** {@code what} names the files for people, e.g. "repository" or "package". */
    public FileStorage(String what, Path root) {
        this.what = what;
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /**
     * Refuses a directory that cannot serve, saying why (IllegalArgumentException): what
     * {@code serve} checks at start for a directory it was given, with a file written and removed.
     */
    public static Path requireUsable(String option, Path directory) {
        problemOf(directory).ifPresent(problem -> {
            throw new IllegalArgumentException(option + " " + directory + " " + problem);
        });
        try {
            Files.delete(Files.createTempFile(directory, ".latchkey-probe-", ".tmp"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(option + " " + directory + " cannot be written to ("
                    + e.getClass().getSimpleName() + ")");
        }
        return directory;
    }

    /** Why this node cannot use the directory now, if it cannot: for readiness and the log. */
    public Optional<String> problem() {
        Optional<String> problem = problemOf(root).map(reason -> "the " + what + " storage " + root + " " + reason);
        String now = problem.orElse(null);
        String before = lastProblem.getAndSet(now);
        if (now != null && !now.equals(before)) {
            LOG.warn("{}; refusing {} requests with 503 until it is back", now, what);
        } else if (now == null && before != null) {
            LOG.info("the {} storage {} is usable again", what, root);
        }
        return problem;
    }

    /** Refuses (503) when the directory cannot be used now. */
    public void check() {
        if (problem().isPresent()) {
            throw unavailable("This node cannot reach its " + what + " storage.");
        }
    }

    /**
     * Refuses (503) when {@code file}, which the database says exists, is not there: the directory
     * is missing, or mounted from elsewhere than where the file was written.
     */
    public void checkPresent(Path file) {
        check();
        if (!Files.exists(file)) {
            LOG.warn("{} is recorded but missing from the {} storage {}: is every node's directory the same shared one?",
                    root.relativize(file), what, root);
            throw unavailable("This node does not find the " + what + "'s files in its storage.");
        }
    }

    private Refusal unavailable(String reason) {
        return Refusal.unavailable(UNAVAILABLE, reason, "Try again later; an administrator should check that the"
                + " shared " + what + " directory is mounted on every node.");
    }

    private static Optional<String> problemOf(Path directory) {
        if (!Files.exists(directory)) {
            return Optional.of("does not exist (is it mounted?)");
        }
        if (!Files.isDirectory(directory)) {
            return Optional.of("is not a directory");
        }
        if (!Files.isReadable(directory) || !Files.isWritable(directory) || !Files.isExecutable(directory)) {
            return Optional.of("is not readable and writable by this process");
        }
        return Optional.empty();
    }
}
