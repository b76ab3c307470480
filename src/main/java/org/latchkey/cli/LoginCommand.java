package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code latchkey login}: opens a session and stores it in the config file; never prints it. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Sign in to a Latchkey server and remember the session.",
                "With two-factor authentication on, the code is asked for (or read from the next line",
                "of standard input with --password-stdin) unless --otp gives it.",
                "The session is stored in config.json in $LATCHKEY_CONFIG_DIR, $XDG_CONFIG_HOME/latchkey",
                "or $HOME/.config/latchkey (mode 0600); it is never printed."})
final class LoginCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Option(names = "--user", paramLabel = "NAME", description = "User name (default: the user last logged in to this server).")
    String user;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input instead of asking.")
    boolean passwordStdin;

    @Option(names = "--web", description = {"Sign in through the browser (the device flow): prints a code and an address",
            "to approve it at, and stores an app token (8 hours, renewed with its refresh token) instead of a session."})
    boolean web;

    @Option(names = "--otp", paramLabel = "CODE",
            description = "The two-factor code from your authenticator app, or a recovery code.")
    String otp;

    @Override
    public Integer call() {
        ConfigStore store = client.configStore();
        CliConfig stored = store.load();
        if (client.server == null && client.environment().get("LATCHKEY_SERVER") == null && stored.server() == null) {
            throw CliFailure.invalid("--server is required: no server is stored from an earlier login");
        }
        String server = client.server(stored);
        if (web) {
            return webLogin(store, server);
        }
        String name = user != null ? user : server.equals(stored.server()) ? stored.user() : null;
        if (name == null) {
            throw CliFailure.invalid("--user is required");
        }
        warnIfPlainHttp(server);
        ObjectNode body = ApiClient.JSON.createObjectNode()
                .put("username", name)
                .put("password", Passwords.read(client.environment(), passwordStdin, "Password for " + name + ": "));
        if (otp != null) {
            body.put("otp", otp);
        }
        JsonNode session = Passwords.sendWithCode(client.environment(), passwordStdin,
                "Two-factor code for " + name + " (from your authenticator app, or a recovery code): ", body,
                b -> ApiClient.anonymous(server).post("/api/v1/session", b).body());
        String token = session.path("token").asText(null);
        if (token == null) {
            throw new CliFailure(ExitCode.GENERAL, "the server at " + server + " answered without a session token");
        }
        store.save(new CliConfig(server, name, token));
        report(server, name, session.path("expires_at"));
        return 0;
    }

    private int webLogin(ConfigStore store, String server) {
        warnIfPlainHttp(server);
        WebLogin.Tokens tokens = new WebLogin(client, server).run();
        JsonNode user = new ApiClient(server, tokens.access(), Credential.SESSION).get("/api/v1/user").body();
        String name = user.path("login").asText();
        store.save(new CliConfig(server, name, tokens.access(), tokens.refresh()));
        if (client.json()) {
            client.printJson(ApiClient.JSON.createObjectNode().put("server", server).put("user", name));
        } else {
            client.out().printf("Logged in to %s as %s through the browser (an app token: latchkey whoami shows its scopes).%n",
                    server, name);
            client.out().flush();
        }
        return 0;
    }

    private void report(String server, String name, JsonNode expiresAt) {
        if (client.json()) {
            ObjectNode shown = ApiClient.JSON.createObjectNode().put("server", server).put("user", name);
            shown.set("expires_at", expiresAt.isMissingNode() ? null : expiresAt);
            client.printJson(shown);
        } else {
            client.out().printf("Logged in to %s as %s (session expires %s).%n", server, name, Format.time(expiresAt, "never"));
            client.out().flush();
        }
    }

    private void warnIfPlainHttp(String server) {
        URI uri = URI.create(server);
        String host = uri.getHost();
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        if (uri.getScheme().equalsIgnoreCase("http") && !loopback) {
            client.err().println("warning: " + server + " is not HTTPS; your password and session travel unencrypted");
            client.err().flush();
        }
    }
}
