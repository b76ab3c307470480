package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.junit.jupiter.api.Test;

/**
 * Generated trees that add or remove one entry: the workflow rule sees every spelling of a
 * workflow file, and links or submodules in CI's directories, and nothing else.
 */
class WorkflowChangesPropertyTest {

    private static final int CASES = 200;

    @Test
    void an_entry_changing_what_ci_runs_is_seen_in_any_spelling_and_no_other_entry_is() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        try (Repository repository = new InMemoryRepository(new DfsRepositoryDescription("workflows"));
             ObjectInserter inserter = repository.newObjectInserter()) {
            for (int i = 0; i < CASES; i++) {
                boolean counts = random.nextBoolean();
                String path = counts ? workflowPath(random) : otherPath(random);
                boolean inWorkflows = path.toLowerCase(java.util.Locale.ROOT).contains("/workflows");
                FileMode mode = !counts ? FileMode.REGULAR_FILE : anyMode(random, inWorkflows);
                boolean removed = random.nextBoolean();
                ObjectId without = commit(inserter, random, null, null);
                ObjectId with = commit(inserter, random, path, mode);
                inserter.flush();
                ReceiveCommand command = removed ? new ReceiveCommand(with, without, "refs/heads/main")
                        : new ReceiveCommand(without, with, "refs/heads/main");

                Optional<String> changed;
                try (ObjectReader reader = repository.newObjectReader()) {
                    changed = WorkflowChanges.first(repository, reader, List.of(command));
                }

                String description = "seed " + seed + ", case " + i + ": " + (removed ? "removing " : "adding ") + path
                        + " (" + mode + ")";
                assertThat(changed).as(description).isEqualTo(counts ? Optional.of(path) : Optional.empty());
            }
        }
    }

    /** A path CI reads: under a workflow directory in any letter case, or a link or submodule in CI's directories. */
    private static String workflowPath(Random random) {
        String config = anyCase(random, random.nextBoolean() ? ".github" : ".latchkey");
        return switch (random.nextInt(3)) {
            case 0 -> config;
            case 1 -> config + "/" + anyCase(random, "workflows");
            default -> config + "/" + anyCase(random, "workflows") + "/" + (random.nextBoolean() ? "sub/" : "") + "ci.yml";
        };
    }

    /** Paths that look close but CI does not read as workflows (regular files only). */
    private static String otherPath(Random random) {
        List<String> paths = List.of("docs/.github/workflows/ci.yml", ".github/CODEOWNERS", ".githubx/workflows/ci.yml",
                "github/workflows/ci.yml", ".github/workflowsx/ci.yml", ".github/actions/workflows/ci.yml",
                ".latchkey/config.yml", "src/.latchkey/workflows/ci.yml", ".github");
        return paths.get(random.nextInt(paths.size()));
    }

    /** A link or submodule; in a workflow directory, a file too. */
    private static FileMode anyMode(Random random, boolean inWorkflows) {
        FileMode[] modes = {FileMode.SYMLINK, FileMode.GITLINK, FileMode.REGULAR_FILE, FileMode.EXECUTABLE_FILE};
        return modes[random.nextInt(inWorkflows ? modes.length : 2)];
    }

    private static String anyCase(Random random, String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    /** A commit of a few ordinary files, plus {@code path} with {@code mode} when not null. */
    private static ObjectId commit(ObjectInserter inserter, Random random, String path, FileMode mode) throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        add(builder, "README.md", FileMode.REGULAR_FILE, inserter.insert(Constants.OBJ_BLOB, bytes("# app\n")));
        add(builder, "src/app.txt", FileMode.REGULAR_FILE, inserter.insert(Constants.OBJ_BLOB, bytes("app\n")));
        if (path != null) {
            ObjectId id = mode == FileMode.GITLINK ? ObjectId.fromString("0123456789abcdef0123456789abcdef01234567")
                    : inserter.insert(Constants.OBJ_BLOB, bytes("target " + random.nextInt() + "\n"));
            add(builder, path, mode, id);
        }
        builder.finish();
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(index.writeTree(inserter));
        PersonIdent person = new PersonIdent("Dev", "dev@example.com");
        commit.setAuthor(person);
        commit.setCommitter(person);
        commit.setMessage("change\n");
        return inserter.insert(commit);
    }

    private static void add(DirCacheBuilder builder, String path, FileMode mode, ObjectId id) {
        DirCacheEntry entry = new DirCacheEntry(path);
        entry.setFileMode(mode);
        entry.setObjectId(id);
        builder.add(entry);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
