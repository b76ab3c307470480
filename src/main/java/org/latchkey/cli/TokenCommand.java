package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code latchkey token …}: create, list, show, regenerate, revoke, delete and rotate tokens. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Manage your personal access tokens.",
                "Needs the session of latchkey login, even when LATCHKEY_TOKEN is set (only rotate uses LATCHKEY_TOKEN)."},
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Show.class,
                TokenCommand.Regenerate.class, TokenCommand.Revoke.class, TokenCommand.Delete.class,
                TokenCommand.Rotate.class})
final class TokenCommand implements Runnable {

    static final String TOKENS = "/api/v1/user/tokens";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a classic token with the given scopes; its secret is shown once.")
    static final class Create implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "A descriptive name: what the token is for.")
        String name;

        @Option(names = "--description", paramLabel = "TEXT", description = "Longer note on the token's purpose.")
        String description;

        @Option(names = "--scopes", split = ",", paramLabel = "SCOPE",
                description = "Comma-separated scopes, e.g. repo,workflow. Choose the fewest that work.")
        List<String> scopes = List.of();

        @Option(names = "--expires", paramLabel = "WHEN", converter = Expiry.Converter.class,
                description = Expiry.HELP + " Default: the server's default (30 days).")
        Expiry expires;

        @Override
        public Integer call() {
            ObjectNode body = ApiClient.JSON.createObjectNode().put("name", name);
            if (description != null) {
                body.put("description", description);
            }
            body.set("scopes", array(scopes));
            if (expires != null) {
                expires.addTo(body);
            }
            printNewSecret(client, client.session().post(TOKENS, body).body());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List your active tokens.")
    static final class ListTokens implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Option(names = "--all", description = "Also list expired and revoked tokens.")
        boolean all;

        @Override
        public Integer call() {
            JsonNode tokens = client.session().get(TOKENS + (all ? "" : "?state=active")).body();
            if (client.json()) {
                client.printJson(tokens);
                return 0;
            }
            Table table = TokenView.table();
            tokens.forEach(token -> TokenView.addRow(table, token));
            table.print(client.out());
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one token: scopes, expiry, last use.")
    static final class Show implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID", description = "The token's id, as token list shows it.")
        long id;

        @Override
        public Integer call() {
            JsonNode token = client.session().get(TOKENS + "/" + id).body();
            if (client.json()) {
                client.printJson(token);
            } else {
                TokenView.printDetails(client.out(), token);
            }
            return 0;
        }
    }

    @Command(name = "regenerate", mixinStandardHelpOptions = true,
            description = {"Give a token a new secret; the old one stops working at once.",
                    "Optionally with new scopes or expiry. The new secret is shown once."})
    static final class Regenerate implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID", description = "The token's id.")
        long id;

        @Option(names = "--scopes", split = ",", paramLabel = "SCOPE", description = "New scopes (default: keep them).")
        List<String> scopes;

        @Option(names = "--expires", paramLabel = "WHEN", converter = Expiry.Converter.class,
                description = Expiry.HELP + " Default: the server's default.")
        Expiry expires;

        @Override
        public Integer call() {
            ObjectNode body = ApiClient.JSON.createObjectNode();
            if (scopes != null) {
                body.set("scopes", array(scopes));
            }
            if (expires != null) {
                expires.addTo(body);
            }
            printNewSecret(client, client.session().post(TOKENS + "/" + id + "/regenerate", body).body());
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a token: it stops working at once and stays listed under --all.")
    static final class Revoke implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID", description = "The token's id.")
        long id;

        @Override
        public Integer call() {
            client.session().post(TOKENS + "/" + id + "/revoke", null);
            done(client, "Token " + id + " revoked.");
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a token: it is revoked if needed and no longer listed.")
    static final class Delete implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID", description = "The token's id.")
        long id;

        @Override
        public Integer call() {
            client.session().delete(TOKENS + "/" + id);
            done(client, "Token " + id + " deleted.");
            return 0;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Replace the token in LATCHKEY_TOKEN by a new one and print only its secret.",
                    "For scripts: NEW=$(latchkey token rotate). The token needs the self_rotate scope.",
                    "The old secret stops working; presenting it again revokes the new one too."})
    static final class Rotate implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            String token = client.environment().get("LATCHKEY_TOKEN");
            if (token == null) {
                throw new CliFailure(ExitCode.NOT_AUTHENTICATED, "LATCHKEY_TOKEN is not set: token rotate rotates the token in it");
            }
            String server = client.server(client.configStore().load());
            JsonNode rotated = new ApiClient(server, token, Credential.LATCHKEY_TOKEN)
                    .post("/api/v1/tokens/self/rotate", null).body();
            if (client.json()) {
                client.printJson(rotated);
            } else {
                String secret = rotated.path("token").asText(null);
                if (secret == null) {
                    throw new CliFailure(ExitCode.GENERAL, "the server answered without a new token");
                }
                client.out().println(secret);
                client.out().flush();
            }
            return 0;
        }
    }

    private static void printNewSecret(ClientOptions client, JsonNode token) {
        if (client.json()) {
            client.printJson(token);
        } else {
            TokenView.printNewSecret(client.out(), token);
        }
    }

    private static void done(ClientOptions client, String message) {
        if (!client.json()) {
            client.out().println(message);
            client.out().flush();
        }
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode array = ApiClient.JSON.createArrayNode();
        values.stream().map(String::trim).filter(value -> !value.isEmpty()).forEach(array::add);
        return array;
    }
}
