package org.latchkey.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Scans every blob reachable from any ref of a git repository, each once: commits are visited
 * oldest first, so a finding names the first commit (and path) where its blob appears, even when
 * a later commit removed it. Trees already seen are not walked again.
 */
public final class GitHistoryScanner {

    private final LeakScanner scanner;

    public GitHistoryScanner(LeakScanner scanner) {
        this.scanner = scanner;
    }

    /** Scans the repository at {@code dir} (a work tree or a bare repository). */
    public ScanReport scan(Path dir) throws IOException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true);
        builder.findGitDir(dir.toFile());
        if (builder.getGitDir() == null) {
            builder.setGitDir(dir.toFile());
        }
        try (Repository repository = builder.build()) {
            return scan(repository);
        } catch (org.eclipse.jgit.errors.RepositoryNotFoundException e) {
            throw new IOException(dir + " is not a git repository", e);
        }
    }

    public ScanReport scan(Repository repository) throws IOException {
        LeakScanner.Results results = new LeakScanner.Results();
        Set<ObjectId> seenTrees = new HashSet<>();
        Set<ObjectId> seenBlobs = new HashSet<>();
        try (ObjectReader reader = repository.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            walk.sort(RevSort.TOPO, true);
            walk.sort(RevSort.REVERSE, true);
            markRefs(repository, walk);
            for (RevCommit commit : walk) {
                if (seenTrees.add(commit.getTree().copy())) {
                    scanTree(reader, commit, seenTrees, seenBlobs, results);
                }
            }
        }
        return results.reportInOrder();
    }

    private static void markRefs(Repository repository, RevWalk walk) throws IOException {
        List<Ref> refs = repository.getRefDatabase().getRefs();
        for (Ref ref : refs) {
            ObjectId id = ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
            if (id == null) {
                continue;
            }
            RevObject object = walk.peel(walk.parseAny(id));
            if (object instanceof RevCommit commit) {
                walk.markStart(commit);
            }
        }
    }

    private void scanTree(ObjectReader reader, RevCommit commit, Set<ObjectId> seenTrees, Set<ObjectId> seenBlobs,
                          LeakScanner.Results results) throws IOException {
        try (TreeWalk tree = new TreeWalk(reader)) {
            tree.addTree(commit.getTree());
            tree.setRecursive(false);
            while (tree.next()) {
                ObjectId id = tree.getObjectId(0);
                if (tree.isSubtree()) {
                    if (seenTrees.add(id)) {
                        tree.enterSubtree();
                    }
                } else if (isFile(tree.getFileMode(0)) && seenBlobs.add(id)) {
                    try (InputStream in = reader.open(id, Constants.OBJ_BLOB).openStream()) {
                        results.add(tree.getPathString(), commit.getName(), scanner.scanBlob(in));
                    }
                }
            }
        }
    }

    private static boolean isFile(FileMode mode) {
        return mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE;
    }
}
