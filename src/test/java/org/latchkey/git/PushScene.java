package org.latchkey.git;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** A new repository of the fixture's admin, a git client and a work tree whose first commit is pushed. */
record PushScene(GitClient git, Path tree, String url) {

    private static final AtomicInteger REPOSITORIES = new AtomicInteger();

    static PushScene start(GitServerFixture fixture, Path home, String token) {
        String name = "app" + REPOSITORIES.incrementAndGet();
        String url = fixture.repository(name, true);
        GitClient git = new GitClient(home);
        Path tree = git.newWorkTree(name);
        git.ok(tree, "push", "-q", GitServerFixture.withToken(url, token), "main");
        return new PushScene(git, tree, url);
    }

    /** The clone URL with this token as the password. */
    String with(String token) {
        return GitServerFixture.withToken(url, token);
    }
}
