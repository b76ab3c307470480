package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code latchkey token usage}: a token's recorded uses, newest first. */
@Command(name = "usage", mixinStandardHelpOptions = true,
        description = {"Show a token's recorded uses, newest first: API routes and git operations, allowed or denied.",
                "Uses are written a few seconds after they happen; identical ones are counted in USES."})
final class TokenUsageCommand implements Callable<Integer> {

    static final int MAX_LIMIT = 100;

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "ID", description = "The token's id, as token list shows it.")
    long id;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "30",
            description = "How many rows, 1 to " + MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--outcome", paramLabel = "OUTCOME", description = "Only allowed or only denied uses.")
    String outcome;

    @Option(names = "--since", paramLabel = "INSTANT", description = "Only uses at or after, e.g. 2026-11-01T00:00:00Z.")
    String since;

    @Option(names = "--until", paramLabel = "INSTANT", description = "Only uses before this instant.")
    String until;

    @Option(names = "--kind", paramLabel = "KIND", description = "Only api or only git uses.")
    String kind;

    @Option(names = "--repository", paramLabel = "OWNER/NAME", description = "Only uses of this repository.")
    String repository;

    @Override
    public Integer call() {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw CliFailure.invalid("--limit must be from 1 to " + MAX_LIMIT);
        }
        StringBuilder path = new StringBuilder(TokenCommand.TOKENS + "/" + id + "/usage?per_page=" + limit);
        query(path, "outcome", outcome);
        query(path, "since", since);
        query(path, "until", until);
        query(path, "kind", kind);
        query(path, "repository", repository);
        JsonNode uses = client.session().get(path.toString()).body();
        if (client.json()) {
            client.printJson(uses);
            return 0;
        }
        Table table = new Table("AT", "USES", "KIND", "OPERATION", "REPOSITORY", "IP", "OUTCOME");
        uses.forEach(use -> table.row(Format.time(use.path("at"), ""), Format.text(use.path("uses")),
                Format.text(use.path("kind")), operation(use), Format.text(use.path("repository")),
                Format.text(use.path("ip")), Format.text(use.path("outcome"))));
        table.print(client.out());
        return 0;
    }

    /** The route or git operation, with the action decided inside it when there was one. */
    private static String operation(JsonNode use) {
        String operation = Format.text(use.path("operation"));
        String action = Format.text(use.path("action"));
        if (operation.isEmpty()) {
            return action;
        }
        return action.isEmpty() ? operation : operation + " (" + action + ")";
    }

    private static void query(StringBuilder path, String name, String value) {
        if (value != null) {
            path.append('&').append(name).append('=').append(UrlPath.encode(value));
        }
    }
}
