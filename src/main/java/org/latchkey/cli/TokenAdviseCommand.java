package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code latchkey token advise}: what a token was used for, which of its scopes or permissions
 * that needed and which it did not, and the narrower token (or revocation) the server suggests.
 */
@Command(name = "advise", mixinStandardHelpOptions = true,
        description = {"Show what a token was used for and suggest a narrower token, or revoking it.",
                "The suggested command is printed alone on its last line, ready to copy."})
final class TokenAdviseCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "ID", description = "The token's id, as token list shows it.")
    long id;

    @Option(names = "--days", paramLabel = "N", description = "How many days of use to consider (default: the server's).")
    Integer days;

    @Override
    public Integer call() {
        if (days != null && days < 1) {
            throw CliFailure.invalid("--days must be at least 1");
        }
        JsonNode advice = client.session().get(TokenCommand.TOKENS + "/" + id + "/advice"
                + (days == null ? "" : "?days=" + days)).body();
        if (client.json()) {
            client.printJson(advice);
        } else {
            print(client.out(), advice);
        }
        return 0;
    }

    static void print(PrintWriter out, JsonNode advice) {
        out.println(summary(advice));
        JsonNode used = advice.path("used");
        if (used.size() > 0) {
            out.println();
            Table table = new Table("USED FOR", "TARGET", "COUNT", "LAST");
            used.forEach(use -> table.row(Format.text(use.hasNonNull("action") ? use.path("action") : use.path("route")),
                    Format.text(use.path("target")), Format.text(use.path("count")), Format.time(use.path("last_at"), "")));
            table.print(out);
        }
        out.println();
        Fields fields = new Fields();
        boolean scopes = nonEmpty(advice, "needed_scopes") || nonEmpty(advice, "unused_scopes");
        boolean permissions = nonEmpty(advice, "needed_permissions") || nonEmpty(advice, "unused_permissions");
        if (scopes || !permissions) {
            fields.add("Needed scopes", Format.pairs(advice.path("needed_scopes")))
                    .add("Unused scopes", Format.pairs(advice.path("unused_scopes")));
        }
        if (permissions) {
            fields.add("Needed permissions", Format.pairs(advice.path("needed_permissions")))
                    .add("Unused permissions", Format.pairs(advice.path("unused_permissions")));
        }
        fields.addLines("Repositories", repositories(advice.path("repositories"))).print(out);
        printSuggestion(out, advice.path("suggestion"));
        out.flush();
    }

    /** {@code Token 7 over the last 90 days: 42 uses, first …, last ….} */
    private static String summary(JsonNode advice) {
        String window = advice.hasNonNull("window_days") ? " over the last " + Format.text(advice.path("window_days")) + " days" : "";
        long uses = advice.path("total_uses").asLong(0);
        if (uses == 0) {
            return "Token " + Format.text(advice.path("token_id")) + window + ": not used.";
        }
        return "Token " + Format.text(advice.path("token_id")) + window + ": " + uses + (uses == 1 ? " use" : " uses")
                + ", first " + Format.time(advice.path("first_used_at"), "-") + ", last "
                + Format.time(advice.path("last_used_at"), "-") + ".";
    }

    private static void printSuggestion(PrintWriter out, JsonNode suggestion) {
        if (!suggestion.isObject()) {
            return;
        }
        String reason = Format.text(suggestion.path("reason"));
        out.println();
        out.println(("Suggestion: " + Format.text(suggestion.path("kind")) + (reason.isEmpty() ? "" : ". " + reason))
                .replaceAll("\\p{Cntrl}", " "));
        String command = Format.text(suggestion.path("command"));
        if (!command.isEmpty()) {
            out.println();
            out.println(command.replaceAll("\\p{Cntrl}", " "));
        }
    }

    /** {@code acme: api, web}, one line per owner. */
    private static List<String> repositories(JsonNode owners) {
        List<String> lines = new ArrayList<>();
        owners.forEach(owner -> lines.add(Format.text(owner.path("owner")) + ": " + Format.pairs(owner.path("repositories"))));
        return lines;
    }

    private static boolean nonEmpty(JsonNode advice, String field) {
        return advice.path(field).size() > 0;
    }
}
