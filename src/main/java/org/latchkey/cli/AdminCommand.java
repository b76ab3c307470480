package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code latchkey admin …}: what only a server administrator may do. */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Server administration (needs an admin account).",
        subcommands = {AdminUserCommand.class, AdminAuditCommand.class, AdminOidcIssuerCommand.class,
                AdminNodesCommand.class})
final class AdminCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a user.",
                    "The initial password is asked for on a terminal; with --password-stdin (or without a terminal)",
                    "it is read from the first line of standard input",
                    "(echo \"$PASSWORD\" | latchkey admin user create --password-stdin ...)."})
    static final class CreateUser implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "NAME", description = "The new user's login name.")
        String name;

        @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "The new user's email address (for expiry notices and alerts).")
        String email;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input instead of asking.")
        boolean passwordStdin;

        @Override
        public Integer call() {
            ObjectNode body = ApiClient.JSON.createObjectNode()
                    .put("username", name)
                    .put("password", Passwords.read(client.environment(), passwordStdin || client.environment().console().get() == null,
                            "Initial password for " + name + ": "))
                    .put("email", email);
            JsonNode user = client.session().post("/api/v1/admin/users", body).body();
            if (client.json()) {
                client.printJson(user);
            } else {
                client.out().printf("Created user %s (id %s%s).%n", Format.text(user.path("login")), Format.text(user.path("id")),
                        (user.path("admin").asBoolean(false) || user.path("site_admin").asBoolean(false)) ? ", admin" : "");
                client.out().flush();
            }
            return 0;
        }
    }

    @Command(name = "suspend-tokens", mixinStandardHelpOptions = true,
            description = {"Breach response: suspend every live token of a user at once.",
                    "They are refused everywhere until resume-tokens; the user cannot resume them."})
    static final class SuspendTokens implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "LOGIN", description = "The user whose tokens to suspend.")
        String login;

        @Override
        public Integer call() {
            return all(client, login, "suspend");
        }
    }

    @Command(name = "resume-tokens", mixinStandardHelpOptions = true,
            description = "Resume every suspended token of a user.")
    static final class ResumeTokens implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "LOGIN", description = "The user whose tokens to resume.")
        String login;

        @Override
        public Integer call() {
            return all(client, login, "resume");
        }
    }

    private static int all(ClientOptions client, String login, String verb) {
        JsonNode answer = client.session().post("/api/v1/admin/users/" + UrlPath.segment("user name", login) + "/tokens/" + verb, null).body();
        if (client.json()) {
            client.printJson(answer);
        } else {
            int count = answer.path("count").asInt();
            client.out().printf("%s %d token%s of %s%s.%n", verb.equals("suspend") ? "Suspended" : "Resumed", count,
                    count == 1 ? "" : "s", login, count == 0 ? "" : " (ids " + Format.list(answer.path("token_ids")) + ")");
            client.out().flush();
        }
        return 0;
    }
}
