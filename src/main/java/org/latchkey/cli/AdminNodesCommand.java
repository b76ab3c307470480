package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code latchkey admin nodes}: the nodes of the cluster, with their heartbeats. */
@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = {"List the server's nodes with their address, version, last heartbeat and revocation lease.",
                "A node is alive while its heartbeat is younger than 5 seconds; nodes silent for a day are forgotten.",
                "A node answers from its token cache only while its lease is held; APPLIED is the last invalidation"
                        + " sequence it applied."})
final class AdminNodesCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        JsonNode nodes = client.session().get("/api/v1/admin/nodes").body();
        if (client.json()) {
            client.printJson(nodes);
            return 0;
        }
        Table table = new Table("ID", "ADDRESS", "HOST", "VERSION", "STARTED", "HEARTBEAT", "STATE", "LEASE", "LEASE UNTIL",
                "APPLIED", "CACHED");
        for (JsonNode node : nodes) {
            table.row(Format.text(node.path("id")) + (node.path("self").asBoolean(false) ? " *" : ""),
                    Format.text(node.path("address")), Format.text(node.path("hostname")),
                    Format.text(node.path("version")), Format.text(node.path("started_at")),
                    Format.text(node.path("heartbeat_at")), node.path("alive").asBoolean(false) ? "alive" : "silent",
                    Format.text(node.path("lease_state")), Format.text(node.path("lease_until")),
                    Format.text(node.path("applied_sequence")), Format.text(node.path("token_cache_size")));
        }
        table.print(client.out());
        return 0;
    }
}
