package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code latchkey token breach ID [--replace]}: the seed's "Security Breach" steps for one token. */
@Command(name = "breach", mixinStandardHelpOptions = true,
        description = {"A token was compromised: revoke it at once and show where it was used.",
                "Shows its use in the last 30 days (addresses, user agents, repositories, pushes), and with",
                "--replace creates a new token with the same settings (its secret is shown once). Ends with the",
                "systems to update and how to review your security log."})
final class TokenBreachCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "ID", description = "The compromised token's id.")
    long id;

    @Option(names = "--replace", description = "Create a replacement with the same name, description, scopes or"
            + " permissions and lifetime length.")
    boolean replace;

    @Override
    public Integer call() {
        ObjectNode body = ApiClient.JSON.createObjectNode().put("replace", replace);
        JsonNode report = client.session().post(TokenCommand.TOKENS + "/" + id + "/breach", body).body();
        if (client.json()) {
            client.printJson(report);
        } else {
            print(client.out(), report);
            client.out().flush();
        }
        return 0;
    }

    static void print(PrintWriter out, JsonNode report) {
        JsonNode token = report.path("token");
        String name = "Token " + Format.text(token.path("id")) + " '" + Format.text(token.path("name")) + "'";
        if (report.path("revoked_now").asBoolean()) {
            out.println("1. " + name + " revoked as compromised, " + Format.time(token.path("revoked_at"), "now")
                    + ": it is refused everywhere from now on.");
        } else {
            out.println("1. " + name + " was already revoked (" + Format.text(token.path("revocation_reason")) + ", "
                    + Format.time(token.path("revoked_at"), "-") + ").");
        }
        out.println();
        usage(out, report.path("usage"));
        out.println();
        JsonNode replacement = report.path("replacement");
        if (replacement.isObject()) {
            out.println("3. Its replacement, with the same settings:");
            TokenView.printNewSecret(out, replacement);
        } else {
            out.println("3. No replacement was made (add --replace, or: latchkey token create).");
        }
        out.println();
        updateSystems(out, report.path("update_systems"), replacement.isObject());
        out.println();
        out.println("5. Review your security log for what else happened (uses of the revoked secret are listed there too):");
        out.println("   " + Format.text(report.path("review_security_log").path("command")));
    }

    private static void usage(PrintWriter out, JsonNode usage) {
        long total = usage.path("total_uses").asLong();
        out.printf("2. Where it was used in the last %s days (since %s): %d use%s, %d push%s.%n",
                Format.text(usage.path("days")), Format.time(usage.path("since"), "-"), total, total == 1 ? "" : "s",
                usage.path("pushes").asLong(), usage.path("pushes").asLong() == 1 ? "" : "es");
        if (total == 0) {
            return;
        }
        section(out, usage.path("ips"), new Table("IP", "USES", "LAST USED"),
                row -> new String[] {Format.text(row.path("ip")), Format.text(row.path("uses")), Format.time(row.path("last_at"), "")});
        section(out, usage.path("user_agents"), new Table("USER AGENT", "USES", "LAST USED"),
                row -> new String[] {Format.text(row.path("user_agent")), Format.text(row.path("uses")),
                    Format.time(row.path("last_at"), "")});
        section(out, usage.path("repositories"), new Table("REPOSITORY", "ACTIONS", "USES", "LAST USED"),
                row -> new String[] {Format.text(row.path("repository")), Format.list(row.path("actions")),
                    Format.text(row.path("uses")), Format.time(row.path("last_at"), "")});
        section(out, usage.path("git_operations"), new Table("GIT OPERATION", "ACTION", "REPOSITORY", "USES", "LAST USED"),
                row -> new String[] {Format.text(row.path("operation")), Format.text(row.path("action")),
                    Format.text(row.path("repository")), Format.text(row.path("uses")), Format.time(row.path("last_at"), "")});
    }

    private static void section(PrintWriter out, JsonNode rows, Table table, java.util.function.Function<JsonNode, String[]> row) {
        if (rows.isEmpty()) {
            return;
        }
        out.println();
        rows.forEach(r -> table.row(row.apply(r)));
        table.print(out);
    }

    private static void updateSystems(PrintWriter out, JsonNode clients, boolean replaced) {
        if (clients.isEmpty()) {
            out.println("4. Update these systems: none used it in the last 30 days; still replace it wherever it is stored"
                    + " (latchkey scan finds copies).");
            return;
        }
        out.println("4. Update these systems: each used the old token; give them " + (replaced ? "the new one" : "a new token") + ":");
        Table table = new Table("IP", "USER AGENT", "USES", "LAST USED");
        clients.forEach(c -> table.row(Format.text(c.path("ip")), Format.text(c.path("user_agent")), Format.text(c.path("uses")),
                Format.time(c.path("last_at"), "")));
        table.print(out);
    }
}
