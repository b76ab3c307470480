package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code latchkey token …}: create, list, show, regenerate, revoke, delete and rotate tokens. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Manage your personal access tokens.",
                "Needs the session of latchkey login, even when LATCHKEY_TOKEN is set (rotate, rotate-self and check --self use LATCHKEY_TOKEN)."},
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Show.class,
                TokenCommand.Regenerate.class, TokenCommand.Revoke.class, TokenCommand.Delete.class,
                TokenCommand.Suspend.class, TokenCommand.Resume.class, TokenCommand.Rotate.class, TokenRotateSelfCommand.class, TokenBreachCommand.class, TokenCheckCommand.class, TokenAdviseCommand.class, TokenUsageCommand.class})
final class TokenCommand implements Runnable {

    static final String TOKENS = "/api/v1/user/tokens";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a token; its secret is shown once.",
                    "Classic: --scopes. Fine-grained: --type fine-grained, --resource for what it may",
                    "act on, --permission for what it may do there, and --expires (it must expire)."})
    static final class Create implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "A descriptive name: what the token is for.")
        String name;

        @Option(names = "--description", paramLabel = "TEXT", description = "Longer note on the token's purpose.")
        String description;

        @Option(names = "--type", paramLabel = "TYPE", defaultValue = "classic", converter = TokenKind.Converter.class,
                description = "classic or fine-grained (default: ${DEFAULT-VALUE}).")
        TokenKind type;

        @Option(names = "--scopes", split = ",", paramLabel = "SCOPE",
                description = "Classic: comma-separated scopes, e.g. repo,workflow. Choose the fewest that work.")
        List<String> scopes;

        @Option(names = "--resource", paramLabel = "OWNER:REPOS", converter = ResourceOption.Converter.class,
                description = "Fine-grained: " + ResourceOption.HELP)
        List<ResourceOption> resources = List.of();

        @Option(names = "--permission", paramLabel = "NAME=LEVEL", converter = PermissionOption.Converter.class,
                description = "Fine-grained: " + PermissionOption.HELP)
        List<PermissionOption> permissions = List.of();

        @Option(names = "--expires", paramLabel = "WHEN", converter = Expiry.Converter.class,
                description = Expiry.HELP + " Classic default: the server's (30 days). Fine-grained: required, at most"
                        + " 366 days or an organisation's maximum lifetime.")
        Expiry expires;

        @Override
        public Integer call() {
            ObjectNode body = ApiClient.JSON.createObjectNode().put("name", name);
            if (description != null) {
                body.put("description", description);
            }
            if (type == TokenKind.FINE_GRAINED) {
                fineGrained(body);
            } else {
                classic(body);
            }
            if (expires != null) {
                expires.addTo(body);
            }
            printNewSecret(client, client.session().post(TOKENS, body).body());
            return 0;
        }

        private void classic(ObjectNode body) {
            if (!resources.isEmpty() || !permissions.isEmpty()) {
                throw CliFailure.invalid("--resource and --permission are for fine-grained tokens: add --type fine-grained");
            }
            body.set("scopes", array(scopes == null ? List.of() : scopes));
        }

        private void fineGrained(ObjectNode body) {
            if (scopes != null) {
                throw CliFailure.invalid("a fine-grained token has --permission NAME=LEVEL, not --scopes");
            }
            if (resources.isEmpty()) {
                throw CliFailure.invalid("a fine-grained token needs at least one --resource, e.g. --resource acme:api,web");
            }
            if (expires == null || expires instanceof Expiry.Never) {
                throw CliFailure.invalid("fine-grained tokens must expire: give --expires, e.g. --expires 30d"
                        + " (at most 366 days, or an organisation's maximum lifetime)");
            }
            body.put("type", "fine_grained");
            body.set("resources", ResourceOption.toJson(resources));
            body.set("permissions", PermissionOption.toJson(permissions));
        }
    }

    /** The kinds of token {@code --type} offers. */
    enum TokenKind {
        CLASSIC, FINE_GRAINED;

        /** Accepts classic, fine-grained and fine_grained. */
        static final class Converter implements ITypeConverter<TokenKind> {
            @Override
            public TokenKind convert(String value) {
                return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                    case "classic" -> CLASSIC;
                    case "fine-grained", "fine_grained" -> FINE_GRAINED;
                    default -> throw new TypeConversionException("'" + value + "' is not classic or fine-grained");
                };
            }
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

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one token: scopes or permissions and resources, expiry, last use.")
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

    @Command(name = "suspend", mixinStandardHelpOptions = true,
            description = {"Suspend a token: it is refused at once, everywhere, until you resume it.",
                    "For a token you suspect is misused but cannot replace yet."})
    static final class Suspend implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID", description = "The token's id.")
        long id;

        @Override
        public Integer call() {
            JsonNode token = client.session().post(TOKENS + "/" + id + "/suspend", null).body();
            printTokenOr(client, token, "Token " + id + " suspended; resume it with: latchkey token resume " + id);
            return 0;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resume a suspended token: it works again at once.")
    static final class Resume implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID", description = "The token's id.")
        long id;

        @Override
        public Integer call() {
            JsonNode token = client.session().post(TOKENS + "/" + id + "/resume", null).body();
            printTokenOr(client, token, "Token " + id + " resumed (" + Format.text(token.path("state")) + ").");
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

    /** The token as JSON under --json, else the one-line message. */
    private static void printTokenOr(ClientOptions client, JsonNode token, String message) {
        if (client.json()) {
            client.printJson(token);
        } else {
            done(client, message);
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
