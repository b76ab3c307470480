package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.junit.jupiter.api.Test;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenType;

/**
 * Generated repositories hiding a token in a random kind of object, at a random place of a random
 * history, pushed onto a repository that already has some history: push protection's walk finds
 * it every time, finds nothing when the same push holds no token, and does not read again what the
 * server already had.
 */
class HiddenTokenPropertyTest {

    private static final int CASES = 30;
    private static final String HARMLESS = "harmless-text-of-about-forty-characters";

    enum Hiding {
        BLOB, LARGE_BLOB, SYMLINK, COMMIT_MESSAGE, AUTHOR, COMMITTER, FILE_NAME, DIRECTORY_NAME, TAG_MESSAGE, TAGGER,
        TAG_NAME, REF_NAME, REF_TO_BLOB, REF_TO_TREE, TAG_TO_TREE, SIDE_BRANCH_MERGED
    }

    @Test
    void a_token_hidden_in_any_kind_of_pushed_object_is_found_and_nothing_else_is() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            Hiding hiding = Hiding.values()[random.nextInt(Hiding.values().length)];
            String token = TokenFormat.generate(random.nextBoolean() ? TokenType.CLASSIC : TokenType.FINE_GRAINED,
                    new java.security.SecureRandom());
            long caseSeed = random.nextLong();
            String description = "seed " + seed + ", case " + i + ", " + hiding;

            assertThat(found(i + "-leak", hiding, token, caseSeed, false)).as(description).contains(token);
            assertThat(found(i + "-clean", hiding, HARMLESS, caseSeed, false)).as(description + " without a token").isEmpty();
            assertThat(found(i + "-old", hiding, token, caseSeed, true)).as(description + " already on the server").isEmpty();
        }
    }

    @Test
    void a_token_in_one_of_many_new_files_is_found_when_they_are_read_in_parallel() throws Exception {
        String token = TokenFormat.generate(TokenType.CLASSIC, new java.security.SecureRandom());
        int hidden = new Random().nextInt(2000);
        try (Repository repository = new InMemoryRepository(new DfsRepositoryDescription("many"))) {
            Generator generator = new Generator(repository, new Random(), token);
            Map<String, ObjectId> files = new LinkedHashMap<>();
            for (int i = 0; i < 2000; i++) {
                files.put("dir" + i % 7 + "/file" + i + ".txt", generator.blob(("file " + i + "\n"
                        + (i == hidden ? "key=" + token + "\n" : "")).getBytes(StandardCharsets.UTF_8)));
            }

            assertThat(placesInCommitOf(generator, files, null))
                    .containsExactly("commit COMMIT, dir" + hidden % 7 + "/file" + hidden + ".txt:2");
        }
    }

    @Test
    void blobs_scanned_as_the_pack_arrived_are_not_read_again_and_keep_their_findings() throws Exception {
        String token = TokenFormat.generate(TokenType.CLASSIC, new java.security.SecureRandom());
        byte[] small = ("one\ntwo " + token + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] streamed = ("a\nb\nc\n" + token + "\n").getBytes(StandardCharsets.UTF_8);
        ReceivedBlobs received = new ReceivedBlobs();
        try (Repository repository = new InMemoryRepository(new DfsRepositoryDescription("arrived"));
             ObjectInserter.Formatter hashes = new ObjectInserter.Formatter()) {
            ObjectId smallId = hashes.idFor(Constants.OBJ_BLOB, small);
            ObjectId streamedId = hashes.idFor(Constants.OBJ_BLOB, streamed);
            received.check(smallId, Constants.OBJ_BLOB, small);
            var checker = received.newBlobObjectChecker();
            for (int i = 0; i < streamed.length; i += 5) {
                checker.update(streamed, i, Math.min(5, streamed.length - i));
            }
            checker.endBlob(streamedId);

            assertThat(placesInCommitOf(new Generator(repository, new Random(), token),
                    Map.of("small.txt", smallId, "streamed.txt", streamedId), received))
                    .containsExactly("commit COMMIT, small.txt:2", "commit COMMIT, streamed.txt:4");
        }
    }

    @Test
    void a_push_whose_objects_are_missing_is_not_taken_for_clean() throws Exception {
        try (Repository repository = new InMemoryRepository(new DfsRepositoryDescription("missing"));
             ObjectInserter.Formatter hashes = new ObjectInserter.Formatter()) {
            ObjectId neverSent = hashes.idFor(Constants.OBJ_BLOB, "never sent\n".getBytes(StandardCharsets.UTF_8));
            Generator generator = new Generator(repository, new Random(), HARMLESS);

            assertThatThrownBy(() -> placesInCommitOf(generator, Map.of("file.txt", neverSent), new ReceivedBlobs()))
                    .isInstanceOf(org.eclipse.jgit.errors.MissingObjectException.class);
        }
    }

    /** Where push protection finds secrets when one new commit holds these files ("COMMIT" for its name). */
    private static List<String> placesInCommitOf(Generator generator, Map<String, ObjectId> files, ReceivedBlobs received)
            throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        files.forEach((path, blob) -> Generator.add(builder, path, FileMode.REGULAR_FILE, blob));
        builder.finish();
        ObjectId commit = generator.commit(index.writeTree(generator.inserter), null);
        generator.flush();
        List<String> places = new ArrayList<>();
        try (ObjectReader reader = generator.repository.newObjectReader()) {
            PushedObjects.scan(generator.repository, reader,
                    List.of(new ReceiveCommand(ObjectId.zeroId(), commit, "refs/heads/main")), received,
                    (location, secret) -> places.add(location.replace(commit.abbreviate(10).name(), "COMMIT")));
        }
        return places;
    }

    /** The secrets found when pushing a generated history hiding {@code secret} (optionally already all on the server). */
    private List<String> found(String name, Hiding hiding, String secret, long seed, boolean alreadyThere) throws IOException {
        try (Repository repository = new InMemoryRepository(new DfsRepositoryDescription(name))) {
            Generator generator = new Generator(repository, new Random(seed), secret);
            ObjectId base = generator.history(ObjectId.zeroId(), 2, null);
            generator.flush();
            generator.setRef("refs/heads/main", base);
            List<ReceiveCommand> commands = generator.push(base, hiding);
            generator.flush();
            if (alreadyThere) {
                for (ReceiveCommand command : commands) {
                    generator.setRef("refs/old/" + Math.abs(command.getRefName().hashCode()), command.getNewId());
                }
                commands = commands.stream().map(c -> c.getRefName().contains(secret) ? new ReceiveCommand(
                        c.getOldId(), c.getNewId(), "refs/heads/renamed") : c).toList();
            }
            List<String> secrets = new ArrayList<>();
            try (ObjectReader reader = repository.newObjectReader()) {
                PushedObjects.scan(repository, reader, commands, (location, found) -> {
                    assertThat(location).doesNotContain(found);
                    secrets.add(found);
                });
            }
            return secrets;
        }
    }

    /** Writes random histories into a repository, with the secret where a {@link Hiding} says. */
    private static final class Generator {
        private final Repository repository;
        private final ObjectInserter inserter;
        private final Random random;
        private final String secret;

        Generator(Repository repository, Random random, String secret) {
            this.repository = repository;
            this.inserter = repository.newObjectInserter();
            this.random = random;
            this.secret = secret;
        }

        List<ReceiveCommand> push(ObjectId base, Hiding hiding) throws IOException {
            ObjectId tip = switch (hiding) {
                case BLOB, LARGE_BLOB, SYMLINK, COMMIT_MESSAGE, AUTHOR, COMMITTER, FILE_NAME, DIRECTORY_NAME ->
                        history(base, 1 + random.nextInt(4), hiding);
                case SIDE_BRANCH_MERGED -> merge(base, history(base, 1 + random.nextInt(3), Hiding.BLOB));
                default -> history(base, 1 + random.nextInt(3), null);
            };
            List<ReceiveCommand> commands = new ArrayList<>();
            commands.add(new ReceiveCommand(base, tip, "refs/heads/main"));
            switch (hiding) {
                case TAG_MESSAGE -> commands.add(create("refs/tags/v1", tag(tip, "v1", "Tagger", "release " + secret)));
                case TAGGER -> commands.add(create("refs/tags/v1", tag(tip, "v1", secret, "release")));
                case TAG_NAME -> commands.add(create("refs/tags/v1", tag(tip, "v-" + secret, "Tagger", "release")));
                case REF_NAME -> commands.add(create("refs/heads/x/" + secret, tip));
                case REF_TO_BLOB -> commands.add(create("refs/tags/blob", blob(text(secret, false))));
                case REF_TO_TREE -> commands.add(create("refs/misc/tree", tree(secret, Hiding.BLOB)));
                case TAG_TO_TREE -> commands.add(create("refs/tags/tree",
                        tag(tree(secret, Hiding.BLOB), "tree", "Tagger", "a tree", Constants.OBJ_TREE)));
                default -> {
                }
            }
            return commands;
        }

        /** A chain of {@code length} commits on {@code parent}, one of them (at random) hiding the secret. */
        ObjectId history(ObjectId parent, int length, Hiding hiding) throws IOException {
            int hidingAt = random.nextInt(length);
            ObjectId tip = parent;
            for (int i = 0; i < length; i++) {
                Hiding here = i == hidingAt ? hiding : null;
                tip = commit(tree(secret, here), here, tip);
            }
            return tip;
        }

        ObjectId merge(ObjectId base, ObjectId side) throws IOException {
            ObjectId main = history(base, 1, null);
            return commit(tree(secret, null), null, main, side);
        }

        ObjectId tree(String hidden, Hiding hiding) throws IOException {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            int files = 2 + random.nextInt(6);
            int hidingAt = random.nextInt(files);
            for (int i = 0; i < files; i++) {
                String directory = randomDirectory();
                Hiding here = i == hidingAt ? hiding : null;
                String file = here == Hiding.FILE_NAME ? hidden : "file" + random.nextInt(1000) + ".txt";
                if (here == Hiding.DIRECTORY_NAME) {
                    directory = directory + hidden + "/";
                }
                add(builder, directory + i + "-" + file, here == Hiding.SYMLINK ? FileMode.SYMLINK : FileMode.REGULAR_FILE,
                        blob(text(here == Hiding.BLOB || here == Hiding.SYMLINK || here == Hiding.LARGE_BLOB ? hidden : null,
                                here == Hiding.LARGE_BLOB)));
            }
            if (random.nextBoolean()) {
                add(builder, randomDirectory() + "submodule", FileMode.GITLINK, ObjectId.fromRaw(randomBytes(20)));
            }
            builder.finish();
            return index.writeTree(inserter);
        }

        private static void add(DirCacheBuilder builder, String path, FileMode mode, ObjectId id) {
            DirCacheEntry entry = new DirCacheEntry(path);
            entry.setFileMode(mode);
            entry.setObjectId(id);
            builder.add(entry);
        }

        private String randomDirectory() {
            StringBuilder path = new StringBuilder();
            for (int depth = random.nextInt(4); depth > 0; depth--) {
                path.append("d").append(random.nextInt(3)).append('/');
            }
            return path.toString();
        }

        private byte[] text(String hidden, boolean large) {
            StringBuilder text = new StringBuilder();
            int lines = large ? 60_000 + random.nextInt(30_000) : random.nextInt(20);
            int hidingAt = random.nextInt(lines + 1);
            for (int i = 0; i <= lines; i++) {
                text.append(i == hidingAt && hidden != null ? "key=" + hidden : "line " + random.nextInt()).append('\n');
            }
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }

        ObjectId commit(ObjectId tree, Hiding hiding, ObjectId... parents) throws IOException {
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            for (ObjectId parent : parents) {
                if (!ObjectId.zeroId().equals(parent)) {
                    commit.addParentId(parent);
                }
            }
            commit.setAuthor(person(hiding == Hiding.AUTHOR ? secret : "Author"));
            commit.setCommitter(person(hiding == Hiding.COMMITTER ? secret : "Committer"));
            commit.setMessage("change " + random.nextInt() + (hiding == Hiding.COMMIT_MESSAGE ? "\n\nwith " + secret : "") + "\n");
            return inserter.insert(commit);
        }

        ObjectId tag(ObjectId target, String name, String tagger, String message) throws IOException {
            return tag(target, name, tagger, message, Constants.OBJ_COMMIT);
        }

        ObjectId tag(ObjectId target, String name, String tagger, String message, int type) throws IOException {
            TagBuilder tag = new TagBuilder();
            tag.setObjectId(target, type);
            tag.setTag(name);
            tag.setTagger(person(tagger));
            tag.setMessage(message + "\n");
            return inserter.insert(tag);
        }

        ObjectId blob(byte[] content) throws IOException {
            return inserter.insert(Constants.OBJ_BLOB, content);
        }

        void flush() throws IOException {
            inserter.flush();
        }

        void setRef(String name, ObjectId id) throws IOException {
            RefUpdate update = repository.updateRef(name);
            update.setNewObjectId(id);
            update.setForceUpdate(true);
            update.update();
        }

        private static ReceiveCommand create(String ref, ObjectId id) {
            return new ReceiveCommand(ObjectId.zeroId(), id, ref);
        }

        private PersonIdent person(String name) {
            return new PersonIdent(name, "dev@example.com", java.time.Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1000)),
                    java.time.ZoneOffset.UTC);
        }

        private byte[] randomBytes(int length) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            return bytes;
        }
    }
}
