package org.latchkey.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Whether this node can serve, for a load balancer ({@code GET /ready}): each check is answered
 * from what the node already knows (the heartbeat job's last write, a look at the storage
 * directories, the limits sync's recent failures), so asking is cheap. A failing check is named
 * with a reason that holds no path or secret.
 */
public final class Readiness {

    /** One condition for serving: {@code ok} answers whether it holds now. */
    public record Check(String name, String reason, BooleanSupplier ok) {
    }

    /** A check that fails now, named, with its reason. */
    public record Failing(String check, String reason) {
    }

    private final List<Check> checks;

    public Readiness(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    /** The checks that fail now; none when the node is ready. */
    public List<Failing> failing() {
        List<Failing> failing = new ArrayList<>();
        for (Check check : checks) {
            boolean ok;
            try {
                ok = check.ok().getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            if (!ok) {
                failing.add(new Failing(check.name(), check.reason()));
            }
        }
        return failing;
    }
}
