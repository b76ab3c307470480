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
        subcommands = {AdminCommand.User.class, AdminAuditCommand.class})
final class AdminCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code latchkey admin user …}. */
    @Command(name = "user", mixinStandardHelpOptions = true, description = "Manage user accounts.",
            subcommands = AdminCommand.CreateUser.class)
    static final class User implements Runnable {

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a user. The initial password is asked for on a terminal, otherwise read",
                    "from the first line of standard input (echo \"$PASSWORD\" | latchkey admin user create ...)."})
    static final class CreateUser implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "NAME", description = "The new user's login name.")
        String name;

        @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "The new user's email address (for expiry notices and alerts).")
        String email;

        @Override
        public Integer call() {
            ObjectNode body = ApiClient.JSON.createObjectNode()
                    .put("username", name)
                    .put("password", Passwords.read(client.environment(), client.environment().console().get() == null,
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
}
