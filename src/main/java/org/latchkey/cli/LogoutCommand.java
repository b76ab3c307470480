package org.latchkey.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code latchkey logout}: ends the stored session on the server and forgets it locally. */
@Command(name = "logout", mixinStandardHelpOptions = true,
        description = {"End the session of latchkey login on the server and remove it from the config file.",
                "The session is removed locally even when the server cannot be reached (exit code 1 then)."})
final class LogoutCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ConfigStore store = client.configStore();
        CliConfig stored = store.load();
        if (stored.token() == null || client.server != null && !ClientOptions.normalise(client.server).equals(stored.server())) {
            client.out().println("Not logged in" + (client.server == null ? "." : " to " + client.server + "."));
            client.out().flush();
            return 0;
        }
        CliFailure serverFailure = endOnServer(stored);
        store.save(stored.withoutToken());
        if (serverFailure != null) {
            throw new CliFailure(serverFailure.exitCode(),
                    "removed the session locally, but could not end it on the server: " + serverFailure.getMessage());
        }
        if (!client.json()) {
            client.out().println("Logged out of " + stored.server() + ".");
            client.out().flush();
        }
        return 0;
    }

    private static CliFailure endOnServer(CliConfig stored) {
        try {
            new ApiClient(stored.server(), stored.token(), Credential.SESSION).delete("/api/v1/session");
            return null;
        } catch (ServerRefusal refusal) {
            return refusal.status() == 401 ? null : refusal;
        } catch (CliFailure failure) {
            return failure;
        }
    }
}
