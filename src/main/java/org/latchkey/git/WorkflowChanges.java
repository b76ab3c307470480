package org.latchkey.git;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;

/**
 * Whether a push changes what CI would run: for every ref it creates or updates (any kind, a
 * branch or a tag), the {@link WorkflowFiles} of the ref's new commit against those of its old one;
 * a created ref is compared with the default branch's head (nothing, in an empty repository).
 * Deleting a ref changes nothing. Only two trees' workflow parts are read per ref.
 */
final class WorkflowChanges {

    private final ObjectReader reader;
    private final RevWalk walk;
    private final ObjectId defaultHead;
    private final Map<ObjectId, WorkflowFiles> byTree = new HashMap<>();

    private WorkflowChanges(Repository repository, ObjectReader reader, RevWalk walk) throws IOException {
        this.reader = reader;
        this.walk = walk;
        Ref head = repository.exactRef(Constants.HEAD);
        this.defaultHead = head == null ? null : head.getObjectId();
    }

    /** The first workflow path some ref's update changes, if any. */
    static Optional<String> first(Repository repository, ObjectReader reader, Collection<ReceiveCommand> commands)
            throws IOException {
        try (RevWalk walk = new RevWalk(reader)) {
            WorkflowChanges changes = new WorkflowChanges(repository, reader, walk);
            for (ReceiveCommand command : commands) {
                Optional<String> changed = changes.of(command);
                if (changed.isPresent()) {
                    return changed;
                }
            }
            return Optional.empty();
        }
    }

    private Optional<String> of(ReceiveCommand command) throws IOException {
        if (command.getType() == ReceiveCommand.Type.DELETE) {
            return Optional.empty();
        }
        ObjectId old = command.getType() == ReceiveCommand.Type.CREATE ? defaultHead : command.getOldId();
        return filesOf(command.getNewId()).firstDifference(filesOf(old));
    }

    private WorkflowFiles filesOf(ObjectId id) throws IOException {
        ObjectId tree = treeOf(id);
        if (tree == null) {
            return WorkflowFiles.none();
        }
        WorkflowFiles files = byTree.get(tree);
        if (files == null) {
            files = WorkflowFiles.of(reader, tree);
            byTree.put(tree, files);
        }
        return files;
    }

    /** The tree a ref's object stands for: a commit's, a tree itself, after peeling tags; null for a blob or nothing. */
    private ObjectId treeOf(ObjectId id) throws IOException {
        if (id == null || ObjectId.zeroId().equals(id)) {
            return null;
        }
        RevObject object = walk.peel(walk.parseAny(id));
        if (object instanceof RevCommit commit) {
            return commit.getTree().copy();
        }
        return object instanceof RevTree tree ? tree.copy() : null;
    }
}
