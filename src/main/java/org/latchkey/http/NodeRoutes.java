package org.latchkey.http;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.latchkey.auth.Requirement;
import org.latchkey.cluster.NodeRegistry;
import org.latchkey.cluster.Readiness;

/**
 * The cluster as seen from one node: {@code GET /ready} (open; 200 when this node can serve, else
 * 503 naming each failing check) and {@code GET /api/v1/admin/nodes} (an administrator's session).
 */
public final class NodeRoutes implements RouteGroup {

    record NodeJson(String id, String address, String hostname, String version, Instant startedAt,
                    Instant heartbeatAt, boolean alive, boolean self, Long appliedSequence, String leaseState,
                    long tokenCacheSize, Instant leaseUntil) {
        static NodeJson of(NodeRegistry.Listed listed) {
            var n = listed.node();
            return new NodeJson(n.id(), n.address(), n.hostname(), n.version(), n.startedAt(), n.heartbeatAt(),
                    listed.alive(), listed.self(), n.appliedSequence(), n.leaseState(), n.tokenCacheSize(),
                    n.leaseUntil());
        }
    }

    private final NodeRegistry registry;
    private final Readiness readiness;

    public NodeRoutes(NodeRegistry registry, Readiness readiness) {
        this.registry = registry;
        this.readiness = readiness;
    }

    @Override
    public void register(Routes routes) {
        routes.open().get("/ready", ctx -> {
            List<Readiness.Failing> failing = readiness.failing();
            ctx.header("Cache-Control", "no-store");
            if (failing.isEmpty()) {
                ctx.json(Map.of("status", "ready"));
            } else {
                ctx.status(503).json(Map.of("status", "not_ready", "failing", failing));
            }
        });
        routes.api().get("/api/v1/admin/nodes", Requirement.admin(), (ctx, principal) ->
                ctx.json(registry.nodes().stream().map(NodeJson::of).toList()));
    }
}
