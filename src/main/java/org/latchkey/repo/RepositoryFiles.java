package org.latchkey.repo;

/** Where repositories' git data lives; the git adapter keeps bare repositories on disk. */
public interface RepositoryFiles {

    void create(Repository repository);

    void delete(Repository repository);
}
