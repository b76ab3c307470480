package org.latchkey.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The files a push changes: every commit it brings that the repository did not have, compared
 * with its parents. A path counts when it differs from every parent, so merging a branch that is
 * already there is not counted again.
 */
final class PushedChanges {

    private PushedChanges() {
    }

    static List<PushedChange> of(Repository repository, ObjectReader reader, Collection<ReceiveCommand> commands)
            throws IOException {
        List<PushedChange> changes = new ArrayList<>();
        try (RevWalk walk = new RevWalk(reader)) {
            boolean any = false;
            for (ReceiveCommand command : commands) {
                if (command.getType() != ReceiveCommand.Type.DELETE
                        && walk.parseAny(command.getNewId()) instanceof RevCommit commit) {
                    walk.markStart(commit);
                    any = true;
                }
            }
            if (!any) {
                return changes;
            }
            for (Ref ref : repository.getRefDatabase().getRefs()) {
                if (ref.getObjectId() != null && walk.parseAny(ref.getObjectId()) instanceof RevCommit known) {
                    walk.markUninteresting(known);
                }
            }
            for (RevCommit commit : walk) {
                collect(reader, walk, commit, changes);
            }
        }
        return changes;
    }

    private static void collect(ObjectReader reader, RevWalk walk, RevCommit commit, List<PushedChange> out)
            throws IOException {
        try (TreeWalk tree = new TreeWalk(reader)) {
            tree.setRecursive(true);
            tree.addTree(commit.getTree());
            for (RevCommit parent : commit.getParents()) {
                tree.addTree(walk.parseCommit(parent).getTree());
            }
            if (commit.getParentCount() == 0) {
                tree.addTree(new org.eclipse.jgit.treewalk.EmptyTreeIterator());
            }
            while (tree.next()) {
                ObjectId mine = tree.getObjectId(0);
                if (differsFromEveryParent(tree, mine)) {
                    out.add(new PushedChange(commit.copy(), tree.getPathString(), mine.equals(ObjectId.zeroId()) ? null : mine));
                }
            }
        }
    }

    private static boolean differsFromEveryParent(TreeWalk tree, ObjectId mine) {
        for (int i = 1; i < tree.getTreeCount(); i++) {
            if (tree.getObjectId(i).equals(mine)) {
                return false;
            }
        }
        return true;
    }
}
