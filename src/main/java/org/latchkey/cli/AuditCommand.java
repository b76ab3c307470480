package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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

    /** The most events the server answers in one page; a larger {@code --limit} takes several. */
    static final int MAX_PAGE = 100;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "30",
            description = "How many events (default: ${DEFAULT-VALUE}; more than " + MAX_PAGE + " are fetched page by page).")
    int limit;

    @Override
    public Integer call() {
        print(client, latest(client.authenticated(), "/api/v1/user/audit-log", limit));
        return 0;
    }

    /**
     * The newest {@code limit} events of the audit log at {@code path}, a page of at most
     * {@link #MAX_PAGE} at a time, each page starting before the last event of the one before.
     */
    static ArrayNode latest(ApiClient api, String path, int limit) {
        if (limit < 1) {
            throw CliFailure.invalid("--limit must be at least 1");
        }
        ArrayNode events = ApiClient.JSON.createArrayNode();
        String before = "";
        while (events.size() < limit) {
            int perPage = Math.min(MAX_PAGE, limit - events.size());
            JsonNode page = api.get(path + "?per_page=" + perPage + before).body();
            page.forEach(events::add);
            if (page.size() < perPage || !page.get(page.size() - 1).path("id").canConvertToLong()) {
                break;
            }
            before = "&before=" + page.get(page.size() - 1).path("id").asLong();
        }
        return events;
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
