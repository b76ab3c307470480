package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.latchkey.audit.AuditDetails;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code latchkey audit}: the latest events of your account's audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Show the latest events of your audit log: token creation, use, revocation, sign-ins.")
final class AuditCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "30", description = "How many events (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        print(client, client.authenticated().get("/api/v1/user/audit-log?per_page=" + perPage(limit)).body());
        return 0;
    }

    /** {@code --limit} as the server's {@code per_page}; less than 1 is a usage error. */
    static int perPage(int limit) {
        if (limit < 1) {
            throw CliFailure.invalid("--limit must be at least 1");
        }
        return limit;
    }

    /** Audit events as a table, or as the server's JSON with {@code --json}. */
    static void print(ClientOptions client, JsonNode events) {
        if (client.json()) {
            client.printJson(events);
            return;
        }
        Table table = new Table("TIME", "ACTION", "ACTOR", "TOKEN", "IP", "DETAILS");
        events.forEach(event -> table.row(Format.time(event.path("at"), ""), Format.text(event.path("action")),
                Format.text(event.path("actor")), Format.text(event.path("token_id")), Format.text(event.path("ip")),
                details(event.path("details"))));
        table.print(client.out());
    }

    private static String details(JsonNode details) {
        Map<String, String> shown = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = details.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            shown.put(field.getKey(), Format.text(field.getValue()));
        }
        return AuditDetails.line(shown);
    }
}
