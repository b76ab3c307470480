package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code latchkey admin audit-verify}: checks that no audit event was changed, removed or reordered. */
@Command(name = "audit-verify", mixinStandardHelpOptions = true,
        description = {"Recompute the audit log's hash chain on the server and say whether it is intact.",
                "Exits 1 when an event was changed, removed or reordered."})
final class AdminAuditCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        JsonNode verdict = client.session().get("/api/v1/admin/audit-log/verify").body();
        boolean intact = verdict.path("intact").asBoolean(false);
        if (client.json()) {
            client.printJson(verdict);
        } else if (intact) {
            client.out().printf("The audit log is intact: %s events chained (%s older events predate the chain).%n",
                    Format.text(verdict.path("checked")), Format.text(verdict.path("unchained")));
        } else {
            client.out().printf("The audit log was tampered with: %s%s.%n", Format.text(verdict.path("problem")),
                    verdict.path("first_broken_event_id").isNull() ? ""
                            : " (event " + Format.text(verdict.path("first_broken_event_id")) + ")");
        }
        client.out().flush();
        return intact ? ExitCode.OK.code() : ExitCode.GENERAL.code();
    }
}
