package org.latchkey.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole history of a repository: secrets removed long ago, on other branches, each blob once. */
class GitHistoryScannerTest {

    private static final PersonIdent ME = new PersonIdent("Test", "test@example.com");

    @TempDir
    Path dir;

    @Test
    void finds_a_token_committed_long_ago_and_since_removed_at_its_first_commit() throws Exception {
        String old = Secrets.latchkey();
        String branchOnly = Secrets.github();
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            write("README.md", "hello\n");
            commit(git, "first");
            write("config/app.env", "# settings\nTOKEN=" + old + "\n");
            RevCommit leaked = commit(git, "add settings");
            write("copy/app.env", "# settings\nTOKEN=" + old + "\n");
            commit(git, "the same blob elsewhere");
            write("config/app.env", "# settings\nTOKEN=${TOKEN}\n");
            Files.delete(dir.resolve("copy/app.env"));
            git.rm().addFilepattern("copy/app.env").call();
            commit(git, "remove the token");
            git.checkout().setCreateBranch(true).setName("experiment").call();
            write("notes.txt", "\n\n" + branchOnly + "\n");
            RevCommit onBranch = commit(git, "on a branch");
            git.checkout().setName("main").call();

            ScanReport report = new GitHistoryScanner(new LeakScanner(false)).scan(dir);

            assertThat(report.findings()).extracting(Finding::secret).containsExactly(old, branchOnly);
            Finding first = report.findings().get(0);
            assertThat(first.commit()).isEqualTo(leaked.getName());
            assertThat(first.path()).isEqualTo("config/app.env");
            assertThat(first.line()).isEqualTo(2);
            assertThat(report.findings().get(1).commit()).isEqualTo(onBranch.getName());
            assertThat(report.findings().get(1).line()).isEqualTo(3);
        }
        assertThat(Files.readString(dir.resolve("config/app.env"))).doesNotContain(old);
    }

    @Test
    void a_directory_that_is_no_repository_is_refused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GitHistoryScanner(new LeakScanner(false)).scan(dir))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("not a git repository");
    }

    private void write(String relative, String content) throws Exception {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static RevCommit commit(Git git, String message) throws Exception {
        git.add().addFilepattern(".").call();
        return git.commit().setMessage(message).setAuthor(ME).setCommitter(ME).setSign(false).call();
    }
}
