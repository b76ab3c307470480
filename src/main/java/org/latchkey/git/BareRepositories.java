package org.latchkey.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.latchkey.FileStorage;
import org.latchkey.repo.Repository;
import org.latchkey.repo.RepositoryFiles;

/**
 * Bare git repositories on disk, one directory per repository named by its id
 * ({@code <repositories>/<id>.git}), so no user-chosen name ever becomes a path and the path does
 * not depend on the node: with {@code serve --repositories} on shared storage, every node serves
 * every repository. Each request opens the repository afresh (no per-node cache of repositories or
 * of their refs), and every repository is configured not to trust cached file attributes
 * ({@link #configureForSharing}), so a ref another node has just moved is seen under the lock that
 * updates it: of two pushes racing on one branch through two nodes, one wins and the other is
 * refused, as git's lock files across processes decide.
 */
public final class BareRepositories implements RepositoryFiles {

    static final String DEFAULT_BRANCH = "main";
    private static final String TRUST_NEVER = "never";

    private final FileStorage storage;

    public BareRepositories(FileStorage storage) {
        this.storage = storage;
    }

    @Override
    public void create(Repository repository) {
        storage.check();
        try (org.eclipse.jgit.lib.Repository git = new FileRepositoryBuilder().setGitDir(directory(repository).toFile())
                .setBare().setInitialBranch(DEFAULT_BRANCH).build()) {
            git.create(true);
            var config = git.getConfig();
            config.setBoolean("http", null, "receivepack", true);
            config.setBoolean("receive", null, "fsckObjects", true);
            configureForSharing(config);
            config.save();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the git repository for " + repository.fullName(), e);
        } catch (org.eclipse.jgit.api.errors.InvalidRefNameException e) {
            throw new IllegalStateException("the default branch name is invalid", e);
        }
    }

    /** Refuses (503) when this node cannot reach the repository's files, which the database says exist. */
    void check(Repository repository) {
        storage.checkPresent(directory(repository));
    }

    /** Whether this node has lost the directory of repositories (then a failure is its, not the client's). */
    boolean unreachable() {
        return storage.problem().isPresent();
    }

    /**
     * Opens a repository for one request; the caller closes it. A repository created before its
     * configuration for sharing gets it now (once; a node that loses the race to write it goes on).
     */
    org.eclipse.jgit.lib.Repository open(Repository repository) throws IOException {
        org.eclipse.jgit.lib.Repository git = build(repository);
        StoredConfig config = git.getConfig();
        if (!TRUST_NEVER.equals(config.getString("core", null, "trustPackedRefsStat"))) {
            git.close();
            configureForSharing(config);
            try {
                config.save();
            } catch (IOException anotherNodeWritesIt) {
                // the same settings, written by another request or node
            }
            git = build(repository);
        }
        return git;
    }

    /**
     * JGit trusts a file's cached attributes (time, size, inode) to tell that refs, packed-refs and
     * the pack directory did not change; on shared storage another node changes them, and a client
     * (NFS) may cache the attributes. Attributes are trusted only after the file and its parents
     * were opened (which refreshes them on NFS clients), packed-refs is always read (it is small
     * here: Latchkey never packs refs), and the pack directory is always listed on a missing object.
     */
    static void configureForSharing(StoredConfig config) {
        config.setString("core", null, "trustStat", "after_open");
        config.setString("core", null, "trustPackStat", TRUST_NEVER);
        config.setString("core", null, "trustPackedRefsStat", TRUST_NEVER);
    }

    private org.eclipse.jgit.lib.Repository build(Repository repository) throws IOException {
        return new FileRepositoryBuilder().setGitDir(directory(repository).toFile()).setBare().setMustExist(true).build();
    }

    @Override
    public void delete(Repository repository) {
        Path directory = directory(repository);
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the git repository of " + repository.fullName(), e);
        }
    }

    private Path directory(Repository repository) {
        return storage.root().resolve(repository.id() + ".git");
    }
}
