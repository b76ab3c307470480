package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code latchkey hook …}: webhooks that receive your notices (token expiry, alerts), signed with a secret. */
@Command(name = "hook", mixinStandardHelpOptions = true,
        description = {"Manage webhooks: URLs that receive your notices (token expiry, alerts) as signed JSON.",
                "Needs the session of latchkey login."},
        subcommands = {HookCommand.Create.class, HookCommand.ListHooks.class, HookCommand.Delete.class,
                HookCommand.Deliveries.class, HookCommand.Ping.class})
final class HookCommand implements Runnable {

    static final String HOOKS = "/api/v1/user/hooks";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Register a webhook.",
                    "Without --secret-stdin a secret is generated and shown once: check each delivery's",
                    "X-Latchkey-Signature-256 (sha256=HMAC-SHA256 of the body) with it."})
    static final class Create implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "URL", description = "Where to POST notices: an http:// or https:// URL.")
        String url;

        @Option(names = "--events", split = ",", paramLabel = "EVENT", defaultValue = "*",
                description = "Events to receive: names (token.expiring, token.expired), prefixes (token.*) or *"
                        + " (default: ${DEFAULT-VALUE}).")
        List<String> events;

        @Option(names = "--secret-stdin", description = "Read the signing secret (16 to 256 characters) from standard input.")
        boolean secretStdin;

        @Override
        public Integer call() {
            ObjectNode body = ApiClient.JSON.createObjectNode().put("url", url);
            ArrayNode list = body.putArray("events");
            events.forEach(list::add);
            if (secretStdin) {
                body.put("secret", Passwords.firstLine(client.environment().stdin()));
            }
            JsonNode hook = client.session().post(HOOKS, body).body();
            if (client.json()) {
                client.printJson(hook);
                return 0;
            }
            PrintWriter out = client.out();
            out.println("Hook " + Format.text(hook.path("id")) + " created: " + Format.text(hook.path("url")));
            out.println("Events: " + Format.list(hook.path("events")));
            if (!hook.path("secret").isNull() && !hook.path("secret").isMissingNode()) {
                out.println("Secret (shown once; deliveries are signed with it in X-Latchkey-Signature-256):");
                out.println(hook.path("secret").asText());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List your webhooks.")
    static final class ListHooks implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            JsonNode hooks = client.session().get(HOOKS).body();
            if (client.json()) {
                client.printJson(hooks);
                return 0;
            }
            Table table = new Table("ID", "URL", "EVENTS", "CREATED");
            hooks.forEach(hook -> table.row(Format.text(hook.path("id")), Format.text(hook.path("url")),
                    Format.list(hook.path("events")), Format.time(hook.path("created_at"), "")));
            table.print(client.out());
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a webhook: nothing more is sent to it, and deliveries still pending are cancelled.")
    static final class Delete implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID", description = "The hook's id, as hook list shows it.")
        long id;

        @Override
        public Integer call() {
            client.session().delete(HOOKS + "/" + id);
            if (!client.json()) {
                client.out().println("Hook " + id + " deleted.");
                client.out().flush();
            }
            return 0;
        }
    }

    @Command(name = "deliveries", mixinStandardHelpOptions = true,
            description = {"A webhook's delivery log, newest first: each attempt, the HTTP status, the error.",
                    "A failed delivery is retried after 1 min, 5 min, 30 min, 2 h and 6 h."})
    static final class Deliveries implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID", description = "The hook's id.")
        long id;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "30", description = "How many attempts, 1 to 100"
                + " (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            if (limit < 1 || limit > 100) {
                throw CliFailure.invalid("--limit must be from 1 to 100");
            }
            JsonNode log = client.session().get(HOOKS + "/" + id + "/deliveries?per_page=" + limit).body();
            if (client.json()) {
                client.printJson(log);
                return 0;
            }
            Table table = new Table("AT", "DELIVERY", "EVENT", "ATTEMPT", "STATUS", "STATE", "ERROR");
            log.forEach(entry -> table.row(Format.time(entry.path("at"), ""), Format.text(entry.path("delivery_id")),
                    Format.text(entry.path("event")), Format.text(entry.path("attempt")),
                    Format.text(entry.path("status_code")), state(entry), Format.text(entry.path("error"))));
            table.print(client.out());
            return 0;
        }

        private static String state(JsonNode entry) {
            String next = Format.time(entry.path("next_attempt_at"), "");
            return Format.text(entry.path("state")) + (next.isEmpty() ? "" : " (next " + next + ")");
        }
    }

    @Command(name = "ping", mixinStandardHelpOptions = true,
            description = "Send a ping event to a webhook now, once, and show how it went (exit 1 when it failed).")
    static final class Ping implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID", description = "The hook's id.")
        long id;

        @Override
        public Integer call() {
            JsonNode result = client.session().post(HOOKS + "/" + id + "/ping", null).body();
            boolean delivered = result.path("delivered").asBoolean();
            if (client.json()) {
                client.printJson(result);
            } else {
                String status = Format.text(result.path("status_code"));
                client.out().println(delivered ? "Delivered (HTTP " + status + ")."
                        : "Not delivered: " + Format.text(result.path("error")));
                client.out().flush();
            }
            return delivered ? 0 : 1;
        }
    }
}
