package org.latchkey.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevBlob;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.latchkey.scan.ExposedTokens;
import org.latchkey.scan.TokenScanner;

/**
 * Finds Latchkey token secrets in everything a push makes reachable that no ref reached before:
 * JGit's {@link ObjectWalk} from every created or updated ref, with every ref the repository had
 * marked uninteresting (as its connectivity check does), so what is already on the server is not
 * read again. It reads the names of the pushed refs, commits (message, author, committer), tag
 * objects (name, tagger, message), tree entry names, and each new blob once ({@link PushedBlobs}).
 * Symlinks are blobs (their target); submodules (gitlinks) are not objects of this repository and
 * are never read.
 */
final class PushedObjects {

    /** Receives each well-formed secret found and where it stands, in words that may be shown. */
    interface Sink {
        void found(String location, String secret);
    }

    private final ObjectReader reader;
    private final ObjectWalk walk;
    private final Sink sink;
    private final Map<ObjectId, String> owners = new HashMap<>();
    private final PushedBlobs blobs = new PushedBlobs();

    private PushedObjects(ObjectReader reader, ObjectWalk walk, Sink sink) {
        this.reader = reader;
        this.walk = walk;
        this.sink = sink;
    }

    static void scan(Repository repository, ObjectReader reader, Collection<ReceiveCommand> commands, Sink sink)
            throws IOException {
        scan(repository, reader, commands, null, sink);
    }

    /** Scans, taking what {@code received} (if not null) found in blobs on their arrival instead of reading them. */
    static void scan(Repository repository, ObjectReader reader, Collection<ReceiveCommand> commands,
                     ReceivedBlobs received, Sink sink) throws IOException {
        try (ObjectWalk walk = new ObjectWalk(reader)) {
            walk.setRetainBody(true);
            PushedObjects pushed = new PushedObjects(reader, walk, sink);
            pushed.start(repository, commands);
            pushed.walk();
            pushed.blobs.scan(repository, reader, received, sink);
        }
    }

    private void start(Repository repository, Collection<ReceiveCommand> commands) throws IOException {
        for (ReceiveCommand command : commands) {
            if (command.getType() != ReceiveCommand.Type.DELETE) {
                String ref = command.getRefName();
                text(ref.getBytes(StandardCharsets.UTF_8), line -> "the ref name " + RefNames.shown(ref));
                markStart(ref, walk.parseAny(command.getNewId()));
            }
        }
        for (Ref ref : repository.getRefDatabase().getRefs()) {
            markUninteresting(ref.getObjectId());
        }
    }

    private void markStart(String ref, RevObject object) throws IOException {
        walk.markStart(object);
        RevObject target = object;
        while (target instanceof RevTag tag) {
            target = tag.getObject();
            walk.parseHeaders(target);
        }
        if (!(target instanceof RevCommit)) {
            owners.putIfAbsent(target.copy(), "the object " + RefNames.shown(ref) + " points at");
        }
    }

    private void markUninteresting(ObjectId id) throws IOException {
        if (id == null) {
            return;
        }
        try {
            walk.markUninteresting(walk.parseAny(id));
        } catch (MissingObjectException e) {
            // A ref whose object is gone hides nothing from this push.
        }
    }

    private void walk() throws IOException {
        for (RevCommit commit = walk.next(); commit != null; commit = walk.next()) {
            String name = shortName(commit);
            owners.putIfAbsent(commit.getTree().copy(), "commit " + name);
            byte[] raw = commit.getRawBuffer();
            text(raw, line -> Headers.of(raw, line, "commit", name));
        }
        String owner = "";
        for (RevObject object = walk.nextObject(); object != null; object = walk.nextObject()) {
            String path = walk.getPathString();
            if (path == null) {
                owner = owners.getOrDefault(object, "object " + shortName(object));
            }
            visit(object, owner, path);
        }
    }

    private void visit(RevObject object, String owner, String path) throws IOException {
        if (object instanceof RevTag tag) {
            byte[] raw = tag.getRawBuffer();
            text(raw, line -> Headers.of(raw, line, "tag", shortName(tag)));
        } else if (object instanceof RevTree) {
            byte[] raw = reader.open(object, Constants.OBJ_TREE).getCachedBytes();
            String where = path == null ? "" : ", in directory " + ExposedTokens.shownPath(path) + "/";
            text(raw, line -> "a file name in " + owner + where);
        } else if (object instanceof RevBlob) {
            blobs.add(object, path == null ? owner + ", line " : owner + ", " + ExposedTokens.shownPath(path) + ":");
        }
    }

    private void text(byte[] raw, IntFunction<String> location) {
        for (TokenScanner.Finding finding : TokenScanner.scan(raw)) {
            sink.found(location.apply(finding.line()), finding.secret());
        }
    }

    static String shortName(ObjectId id) {
        return id.abbreviate(10).name();
    }
}
