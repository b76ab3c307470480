package org.latchkey.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;
import org.latchkey.repo.Repository;
import org.latchkey.repo.RepositoryFiles;

/**
 * Bare git repositories on disk, one directory per repository named by its id
 * ({@code DATA/repositories/<id>.git}), so no user-chosen name ever becomes a path.
 */
public final class BareRepositories implements RepositoryFiles {

    static final String DEFAULT_BRANCH = "main";

    private final Path root;

    public BareRepositories(Path root) {
        this.root = root;
    }

    @Override
    public void create(Repository repository) {
        try {
            Files.createDirectories(root);
            try (org.eclipse.jgit.lib.Repository git = new FileRepositoryBuilder().setGitDir(directory(repository).toFile())
                    .setBare().setInitialBranch(DEFAULT_BRANCH).build()) {
                git.create(true);
                var config = git.getConfig();
                config.setBoolean("http", null, "receivepack", true);
                config.setBoolean("receive", null, "fsckObjects", true);
                config.save();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the git repository for " + repository.fullName(), e);
        } catch (org.eclipse.jgit.api.errors.InvalidRefNameException e) {
            throw new IllegalStateException("the default branch name is invalid", e);
        }
    }

    /** Opens a repository for one request; the caller closes it. */
    org.eclipse.jgit.lib.Repository open(Repository repository) throws IOException {
        return RepositoryCache.open(RepositoryCache.FileKey.exact(directory(repository).toFile(), FS.DETECTED), true);
    }

    @Override
    public void delete(Repository repository) {
        Path directory = directory(repository);
        RepositoryCache.unregister(RepositoryCache.FileKey.exact(directory.toFile(), FS.DETECTED));
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the git repository of " + repository.fullName(), e);
        }
    }

    private Path directory(Repository repository) {
        return root.resolve(repository.id() + ".git");
    }
}
