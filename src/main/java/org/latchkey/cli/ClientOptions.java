package org.latchkey.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options every client command has ({@code --server}, {@code --json}) and how it finds its
 * server and credentials: {@code --server}, then {@code LATCHKEY_SERVER}, then the stored server;
 * {@code LATCHKEY_TOKEN}, then the stored session, which is only sent to the server it came from.
 * Commands whose routes accept only a session (managing tokens, administration) use the stored
 * session even when {@code LATCHKEY_TOKEN} is set, since the server would refuse the token.
 */
final class ClientOptions {

    static final String LOCK_FILE_NAME = "config.lock";

    @Option(names = "--server", paramLabel = "URL",
            description = "Latchkey server, e.g. https://latchkey.example.com (default: LATCHKEY_SERVER, then the server you logged in to).")
    String server;

    @Option(names = "--json", description = "Print the server's JSON instead of a table, for scripts.")
    boolean json;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    CliEnvironment environment() {
        return ((LatchkeyCommand) command.root().userObject()).environment();
    }

    ConfigStore configStore() {
        return ConfigStore.locate(environment(), notice -> {
            err().println(notice);
            err().flush();
        });
    }

    PrintWriter out() {
        return command.commandLine().getOut();
    }

    PrintWriter err() {
        return command.commandLine().getErr();
    }

    boolean json() {
        return json;
    }

    /** The server to talk to; fails when none is given or stored. */
    String server(CliConfig stored) {
        String chosen = server != null ? server : environment().get("LATCHKEY_SERVER");
        if (chosen == null) {
            chosen = stored.server();
        }
        if (chosen == null) {
            throw CliFailure.notLoggedIn(null);
        }
        return normalise(chosen);
    }

    /** A client for the chosen server with {@code LATCHKEY_TOKEN} or the stored session. */
    ApiClient authenticated() {
        CliConfig stored = configStore().load();
        String target = server(stored);
        String token = environment().get("LATCHKEY_TOKEN");
        if (token != null) {
            return new ApiClient(target, token, Credential.LATCHKEY_TOKEN);
        }
        if (stored.token() == null || !target.equals(stored.server())) {
            throw CliFailure.notLoggedIn(target);
        }
        return stored.refreshToken() == null ? new ApiClient(target, stored.token(), Credential.SESSION)
                : refreshedIfExpired(stored);
    }

    /**
     * For a {@code login --web} token: renews it silently with its refresh token once the server
     * refuses it, holding {@code config.lock} so that commands running at once renew once (a refresh
     * token presented twice would revoke the grant); one that waited uses what the other stored.
     */
    private ApiClient refreshedIfExpired(CliConfig stored) {
        if (accepted(stored)) {
            return new ApiClient(stored.server(), stored.token(), Credential.SESSION);
        }
        ConfigStore store = configStore();
        synchronized (ClientOptions.class) {
            return refreshedUnderLock(store, stored);
        }
    }

    /** The file lock is per process; the monitor above keeps two threads of one process (tests) from overlapping it. */
    private ApiClient refreshedUnderLock(ConfigStore store, CliConfig stored) {
        try (FileChannel lockFile = PrivateFiles.openLockFile(store.dir().resolve(LOCK_FILE_NAME));
             FileLock lock = lockFile.lock()) {
            CliConfig now = store.load();
            if (now.token() != null && !now.token().equals(stored.token()) && now.server().equals(stored.server())
                    && accepted(now)) {
                return new ApiClient(now.server(), now.token(), Credential.SESSION);
            }
            String refreshToken = now.refreshToken() != null ? now.refreshToken() : stored.refreshToken();
            WebLogin.Tokens tokens = new WebLogin(this, stored.server()).refresh(refreshToken);
            store.save(new CliConfig(stored.server(), stored.user(), tokens.access(), tokens.refresh()));
            return new ApiClient(stored.server(), tokens.access(), Credential.SESSION);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.GENERAL, "cannot lock " + store.dir().resolve(LOCK_FILE_NAME) + ": " + e.getMessage());
        }
    }

    private static boolean accepted(CliConfig config) {
        try {
            new ApiClient(config.server(), config.token(), Credential.SESSION).get("/api/v1/user");
            return true;
        } catch (ServerRefusal refusal) {
            if (refusal.status() != 401) {
                throw refusal;
            }
            return false;
        }
    }

    /** A client with the stored session, for routes that refuse personal access tokens. */
    ApiClient session() {
        CliConfig stored = configStore().load();
        String target = server(stored);
        if (stored.token() != null && target.equals(stored.server())) {
            return new ApiClient(target, stored.token(), Credential.SESSION);
        }
        if (environment().get("LATCHKEY_TOKEN") != null) {
            throw new CliFailure(ExitCode.NOT_AUTHENTICATED, "this command needs a signed-in session"
                    + (stored.token() == null ? "" : " on " + target)
                    + ": run latchkey login (a personal access token cannot manage tokens)");
        }
        throw CliFailure.notLoggedIn(target);
    }

    /** The answer as JSON under --json, else what {@code text} prints. */
    void print(JsonNode answer, Consumer<PrintWriter> text) {
        if (json()) {
            printJson(answer);
        } else {
            text.accept(out());
            out().flush();
        }
    }

    /** The answer as JSON under --json, else the one-line message. */
    void done(JsonNode answer, String message) {
        print(answer, out -> out.println(message));
    }

    /** The one-line message, unless --json (the call answers nothing worth printing). */
    void say(String message) {
        if (!json()) {
            out().println(message);
            out().flush();
        }
    }

    /** The rows as JSON under --json, else a table with a row each. */
    void printTable(JsonNode rows, Table table, BiConsumer<Table, JsonNode> addRow) {
        if (json()) {
            printJson(rows);
            return;
        }
        rows.forEach(row -> addRow.accept(table, row));
        table.print(out());
    }

    void printJson(JsonNode node) {
        if (node.isMissingNode()) {
            return;
        }
        try {
            out().println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot print JSON", e);
        }
        out().flush();
    }

    static String normalise(String url) {
        String trimmed = url.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw CliFailure.invalid("server '" + trimmed + "' is not an http(s) URL like https://latchkey.example.com");
            }
        } catch (URISyntaxException e) {
            throw CliFailure.invalid("server '" + trimmed + "' is not a URL: " + e.getReason());
        }
        return trimmed;
    }
}
