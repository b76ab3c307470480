package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code latchkey alerts}: your account's security alerts, newest first; and acknowledging one. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = {"Show your security alerts, newest first.",
                "They are revoked or expired tokens presented again, a token used from a new address or client,",
                "a burst of use, many failed sign-ins. NOTIFIED is 'held back' when the rate limit kept the",
                "alert out of your inbox."},
        subcommands = AlertsCommand.Acknowledge.class)
final class AlertsCommand implements Callable<Integer> {

    static final String ALERTS = "/api/v1/user/security-alerts";
    static final int MAX_LIMIT = 100;

    @Mixin
    ClientOptions client;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "30",
            description = "How many alerts, 1 to " + MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw CliFailure.invalid("--limit must be from 1 to " + MAX_LIMIT);
        }
        JsonNode alerts = client.authenticated().get(ALERTS + "?per_page=" + limit).body();
        if (client.json()) {
            client.printJson(alerts);
            return 0;
        }
        Table table = new Table("ID", "TIME", "RULE", "TOKEN", "FROM", "NOTIFIED", "ACK", "MESSAGE");
        alerts.forEach(alert -> table.row(Format.text(alert.path("id")), Format.time(alert.path("at"), ""),
                Format.text(alert.path("rule")), token(alert), from(alert),
                alert.path("notified").asBoolean() ? "yes" : "held back", alert.path("acknowledged").asBoolean() ? "yes" : "",
                Format.text(alert.path("message"))));
        table.print(client.out());
        return 0;
    }

    private static String token(JsonNode alert) {
        String id = Format.text(alert.path("token_id"));
        String name = Format.text(alert.path("details").path("token_name"));
        return id.isEmpty() ? "" : name.isEmpty() ? id : id + " " + name;
    }

    private static String from(JsonNode alert) {
        String ip = Format.text(alert.path("ip"));
        return ip.isEmpty() ? Format.text(alert.path("user_agent")) : ip;
    }

    /** {@code latchkey alerts acknowledge ID}. */
    @Command(name = "acknowledge", mixinStandardHelpOptions = true, description = "Mark an alert as seen.")
    static final class Acknowledge implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID", description = "The alert's id, as alerts shows it.")
        long id;

        @Override
        public Integer call() {
            JsonNode alert = client.session().post(ALERTS + "/" + id + "/acknowledge", null).body();
            if (client.json()) {
                client.printJson(alert);
            } else {
                client.out().println("Alert " + id + " acknowledged.");
            }
            return 0;
        }
    }
}
