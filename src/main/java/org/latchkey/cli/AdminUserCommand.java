package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code latchkey admin user …}: managing accounts (an administrator's session). The names are
 * GitHub Enterprise's and GitLab's: {@code disable}/{@code enable} (GitHub "suspend", GitLab
 * "block"), {@code grant-admin}/{@code revoke-admin}, {@code delete [--transfer-to LOGIN]}.
 */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage user accounts.",
        subcommands = {AdminCommand.CreateUser.class, AdminUserCommand.ListUsers.class, AdminUserCommand.Show.class,
                AdminUserCommand.Disable.class, AdminUserCommand.Enable.class, AdminUserCommand.GrantAdmin.class,
                AdminUserCommand.RevokeAdmin.class, AdminUserCommand.Delete.class, AdminCommand.SuspendTokens.class,
                AdminCommand.ResumeTokens.class, AdminUserResetPasswordCommand.class})
final class AdminUserCommand implements Runnable {

    static final String USERS = "/api/v1/admin/users";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String path(String login) {
        return USERS + "/" + UrlPath.segment("user name", login);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the users: state, administrator, created, last sign-in, live tokens.")
    static final class ListUsers implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Option(names = "--page", paramLabel = "N", defaultValue = "1", description = "Which page (default ${DEFAULT-VALUE}).")
        int page;

        @Option(names = "--per-page", paramLabel = "N", defaultValue = "30",
                description = "Users per page, 1 to 100 (default ${DEFAULT-VALUE}).")
        int perPage;

        @Override
        public Integer call() {
            ApiResponse answer = client.session().get(USERS + "?page=" + page + "&per_page=" + perPage);
            if (client.json()) {
                client.printJson(answer.body());
                return 0;
            }
            Table table = new Table("LOGIN", "STATE", "ADMIN", "CREATED", "LAST SIGN-IN", "LIVE TOKENS");
            answer.body().forEach(user -> table.row(Format.text(user.path("login")), Format.text(user.path("state")),
                    user.path("site_admin").asBoolean() ? "yes" : "no", Format.time(user.path("created_at"), "-"),
                    Format.time(user.path("last_sign_in_at"), "never"), Format.text(user.path("live_tokens"))));
            table.print(client.out());
            String link = answer.header("Link");
            if (link != null && link.contains("rel=\"next\"")) {
                client.out().printf("More users: --page %d%n", page + 1);
                client.out().flush();
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one user.")
    static final class Show implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "LOGIN", description = "The user's login.")
        String login;

        @Override
        public Integer call() {
            print(client, client.session().get(path(login)).body(), null);
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = {"Disable an account.",
                    "Its tokens and sessions are refused at once with account_disabled and it cannot sign in;",
                    "its repositories and packages stay. Not your own account."})
    static final class Disable implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "LOGIN", description = "The user to disable.")
        String login;

        @Override
        public Integer call() {
            print(client, client.session().put(path(login) + "/disabled", ApiClient.JSON.createObjectNode()).body(), "Disabled");
            return 0;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true,
            description = "Enable a disabled account again: its tokens work again; it signs in again.")
    static final class Enable implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "LOGIN", description = "The user to enable.")
        String login;

        @Override
        public Integer call() {
            print(client, client.session().delete(path(login) + "/disabled").body(), "Enabled");
            return 0;
        }
    }

    @Command(name = "grant-admin", mixinStandardHelpOptions = true, description = "Make a user an administrator.")
    static final class GrantAdmin implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "LOGIN", description = "The user to make an administrator.")
        String login;

        @Override
        public Integer call() {
            print(client, client.session().put(path(login) + "/site_admin", ApiClient.JSON.createObjectNode()).body(), "Granted the administrator role to");
            return 0;
        }
    }

    @Command(name = "revoke-admin", mixinStandardHelpOptions = true,
            description = "Remove the administrator role (never from the last active administrator).")
    static final class RevokeAdmin implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "LOGIN", description = "The user who stops being an administrator.")
        String login;

        @Override
        public Integer call() {
            print(client, client.session().delete(path(login) + "/site_admin").body(), "Removed the administrator role from");
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Delete an account.",
                    "Its tokens are revoked, its sessions ended, its repositories and packages",
                    "deleted, or given to --transfer-to. Refused while it is the last owner of an organisation.",
                    "There is no undo."})
    static final class Delete implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "LOGIN", description = "The user to delete.")
        String login;

        @Option(names = "--transfer-to", paramLabel = "LOGIN",
                description = "Give the repositories and packages to this user instead of deleting them.")
        String transferTo;

        @Override
        public Integer call() {
            String query = transferTo == null ? "" : "?transfer_to=" + java.net.URLEncoder.encode(transferTo,
                    java.nio.charset.StandardCharsets.UTF_8);
            JsonNode deleted = client.session().delete(path(login) + query).body();
            if (client.json()) {
                client.printJson(deleted);
                return 0;
            }
            client.out().printf("Deleted user %s: %s tokens revoked; %s%n", Format.text(deleted.path("login")),
                    Format.text(deleted.path("revoked_tokens")), transferTo == null
                            ? Format.text(deleted.path("deleted_repositories")) + " repositories and "
                                    + Format.text(deleted.path("deleted_packages")) + " packages deleted."
                            : Format.text(deleted.path("transferred_repositories")) + " repositories and "
                                    + Format.text(deleted.path("transferred_packages")) + " packages given to "
                                    + Format.text(deleted.path("transferred_to")) + ".");
            client.out().flush();
            return 0;
        }
    }

    private static void print(ClientOptions client, JsonNode user, String done) {
        if (client.json()) {
            client.printJson(user);
            return;
        }
        if (done != null) {
            client.out().printf("%s %s.%n", done, Format.text(user.path("login")));
        }
        new Fields().add("Login", Format.text(user.path("login")))
                .add("State", Format.text(user.path("state")))
                .add("Administrator", user.path("site_admin").asBoolean() ? "yes" : "no")
                .add("Email", user.path("email").isNull() ? "-" : Format.text(user.path("email")))
                .add("Created", Format.time(user.path("created_at"), "-"))
                .add("Disabled", Format.time(user.path("disabled_at"), "-"))
                .add("Last sign-in", Format.time(user.path("last_sign_in_at"), "never"))
                .add("Live tokens", Format.text(user.path("live_tokens")))
                .print(client.out());
    }
}
