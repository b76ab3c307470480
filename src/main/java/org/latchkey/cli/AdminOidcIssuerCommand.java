package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code latchkey admin oidc-issuer add|list|delete}: the OpenID Connect issuers whose CI ID tokens are trusted. */
@Command(name = "oidc-issuer", mixinStandardHelpOptions = true,
        description = "Trust OpenID Connect issuers (CI systems) whose ID tokens jobs exchange for job tokens.",
        subcommands = {AdminOidcIssuerCommand.Add.class, AdminOidcIssuerCommand.ListIssuers.class,
                AdminOidcIssuerCommand.Delete.class})
final class AdminOidcIssuerCommand implements Runnable {

    private static final String PATH = "/api/v1/admin/oidc-issuers";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Trust an issuer, e.g. https://token.actions.githubusercontent.com or https://gitlab.com.")
    static final class Add implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "URL", description = "The issuer, exactly as its ID tokens' iss claim has it.")
        String issuer;

        @Override
        public Integer call() {
            JsonNode added = client.session().post(PATH, ApiClient.JSON.createObjectNode().put("issuer", issuer)).body();
            if (client.json()) {
                client.printJson(added);
            } else {
                client.out().printf("Trusted %s (id %s).%n", Format.text(added.path("issuer")), Format.text(added.path("id")));
                client.out().flush();
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the trusted issuers.")
    static final class ListIssuers implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            JsonNode issuers = client.session().get(PATH).body();
            if (client.json()) {
                client.printJson(issuers);
                return 0;
            }
            Table table = new Table("ID", "ISSUER", "SOURCE", "ADDED BY", "ADDED");
            for (JsonNode issuer : issuers) {
                table.row(issuer.path("id").isNull() ? "-" : Format.text(issuer.path("id")), Format.text(issuer.path("issuer")),
                        Format.text(issuer.path("source")), issuer.path("created_by").isNull() ? "-"
                                : Format.text(issuer.path("created_by")), Format.time(issuer.path("created_at"), "-"));
            }
            table.print(client.out());
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Stop trusting an issuer added through the API (not one given to serve --oidc-issuer).")
    static final class Delete implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID|URL", description = "The issuer's id (see list) or its URL.")
        String issuer;

        @Override
        public Integer call() {
            client.session().delete(PATH + "/" + UrlPath.segment("issuer", issuer));
            if (!client.json()) {
                client.out().printf("No longer trusting %s.%n", issuer);
                client.out().flush();
            }
            return 0;
        }
    }
}
