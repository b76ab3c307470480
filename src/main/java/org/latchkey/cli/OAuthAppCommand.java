package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code latchkey oauth-app …}: OAuth apps you (or an organisation you own) registered, and their client secrets. */
@Command(name = "oauth-app", mixinStandardHelpOptions = true,
        description = {"Manage OAuth apps: tools that ask users for access instead of being given a pasted token.",
                "Needs the session of latchkey login; --org ORG acts for an organisation you own."},
        subcommands = {OAuthAppCommand.Create.class, OAuthAppCommand.ListApps.class, OAuthAppCommand.Show.class,
                OAuthAppCommand.Delete.class, OAuthAppCommand.SecretAdd.class, OAuthAppCommand.SecretDelete.class,
                OAuthAppCommand.RevokeTokens.class})
final class OAuthAppCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String apps(String org) {
        return org == null ? "/api/v1/user/oauth-apps" : "/api/v1/orgs/" + UrlPath.segment("organisation", org) + "/oauth-apps";
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Register an OAuth app.",
                    "A confidential app gets a client secret, shown once; a public app (--public: a command-line",
                    "or desktop tool) has none and must use PKCE."})
    static final class Create implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Mixin
        OwnerOption owner;

        @Parameters(paramLabel = "NAME", description = "The name users see on the consent page.")
        String name;

        @Option(names = "--homepage", required = true, paramLabel = "URL", description = "The app's homepage.")
        String homepage;

        @Option(names = "--callback", required = true, split = ",", paramLabel = "URL",
                description = "Callback URLs: https, or http on 127.0.0.1, [::1] or localhost (a 127.0.0.1 callback"
                        + " matches any port).")
        List<String> callbacks;

        @Option(names = "--description", paramLabel = "TEXT", description = "Shown on the consent page.")
        String description;

        @Option(names = "--public", description = "A public app: no client secret, PKCE required.")
        boolean isPublic;

        @Override
        public Integer call() {
            ObjectNode body = ApiClient.JSON.createObjectNode().put("name", name).put("homepage_url", homepage)
                    .put("confidential", !isPublic);
            if (description != null) {
                body.put("description", description);
            }
            ArrayNode list = body.putArray("callback_urls");
            callbacks.forEach(list::add);
            JsonNode app = client.session().post(apps(owner.org), body).body();
            client.print(app, out -> {
                out.println("OAuth app " + Format.text(app.path("id")) + " registered: " + Format.text(app.path("name")));
                out.println("Client ID: " + Format.text(app.path("client_id")));
                if (app.path("client_secret").isTextual()) {
                    out.println("Client secret (shown once; only its hash is kept):");
                    out.println(app.path("client_secret").asText());
                } else {
                    out.println("Public app: no client secret; use PKCE (S256).");
                }
            });
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List OAuth apps.")
    static final class ListApps implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Mixin
        OwnerOption owner;

        @Override
        public Integer call() {
            client.printTable(client.session().get(apps(owner.org)).body(),
                    new Table("ID", "NAME", "CLIENT ID", "TYPE", "CALLBACKS"),
                    (table, app) -> table.row(Format.text(app.path("id")), Format.text(app.path("name")),
                            Format.text(app.path("client_id")), app.path("confidential").asBoolean() ? "confidential" : "public",
                            Format.list(app.path("callback_urls"))));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show an OAuth app and its client secrets.")
    static final class Show implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Mixin
        OwnerOption owner;

        @Parameters(paramLabel = "ID", description = "The app's id, as oauth-app list shows it.")
        long id;

        @Override
        public Integer call() {
            JsonNode app = client.session().get(apps(owner.org) + "/" + id).body();
            JsonNode secrets = app.path("confidential").asBoolean()
                    ? client.session().get(apps(owner.org) + "/" + id + "/client-secrets").body()
                    : ApiClient.JSON.createArrayNode();
            ((ObjectNode) app).set("client_secrets", secrets);
            client.print(app, out -> {
                out.println("Name:        " + Format.text(app.path("name")));
                out.println("Owner:       " + Format.text(app.path("owner")));
                out.println("Client ID:   " + Format.text(app.path("client_id")));
                out.println("Type:        " + (app.path("confidential").asBoolean() ? "confidential" : "public (PKCE)"));
                out.println("Homepage:    " + Format.text(app.path("homepage_url")));
                out.println("Callbacks:   " + Format.list(app.path("callback_urls")));
                secrets.forEach(secret -> out.println("Secret " + Format.text(secret.path("id")) + ":    created "
                        + Format.time(secret.path("created_at"), "") + ", last used "
                        + Format.time(secret.path("last_used_at"), "never")));
            });
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete an OAuth app: every token it holds is revoked and every user's grant ends.")
    static final class Delete implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Mixin
        OwnerOption owner;

        @Parameters(paramLabel = "ID", description = "The app's id.")
        long id;

        @Override
        public Integer call() {
            client.session().delete(apps(owner.org) + "/" + id);
            client.say("OAuth app " + id + " deleted.");
            return 0;
        }
    }

    @Command(name = "secret-add", mixinStandardHelpOptions = true,
            description = {"Add a client secret (shown once), to rotate: deploy it, then delete the old one."})
    static final class SecretAdd implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Mixin
        OwnerOption owner;

        @Parameters(paramLabel = "ID", description = "The app's id.")
        long id;

        @Override
        public Integer call() {
            JsonNode secret = client.session().post(apps(owner.org) + "/" + id + "/client-secrets", null).body();
            client.print(secret, out -> {
                out.println("Client secret " + Format.text(secret.path("id")) + " (shown once):");
                out.println(secret.path("client_secret").asText());
            });
            return 0;
        }
    }

    @Command(name = "secret-delete", mixinStandardHelpOptions = true, description = "Delete a client secret.")
    static final class SecretDelete implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Mixin
        OwnerOption owner;

        @Parameters(index = "0", paramLabel = "ID", description = "The app's id.")
        long id;

        @Parameters(index = "1", paramLabel = "SECRET_ID", description = "The secret's id, as oauth-app show lists it.")
        long secretId;

        @Override
        public Integer call() {
            client.session().delete(apps(owner.org) + "/" + id + "/client-secrets/" + secretId);
            client.say("Client secret " + secretId + " deleted.");
            return 0;
        }
    }

    @Command(name = "revoke-tokens", mixinStandardHelpOptions = true,
            description = "Revoke every token the app holds; every user must authorize it again.")
    static final class RevokeTokens implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Mixin
        OwnerOption owner;

        @Parameters(paramLabel = "ID", description = "The app's id.")
        long id;

        @Override
        public Integer call() {
            JsonNode answer = client.session().delete(apps(owner.org) + "/" + id + "/tokens").body();
            client.done(answer, Format.text(answer.path("tokens_revoked")) + " tokens revoked.");
            return 0;
        }
    }
}
