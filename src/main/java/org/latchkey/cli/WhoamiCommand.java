package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code latchkey whoami}: the user behind the current credentials, and the token's scopes and expiry. */
@Command(name = "whoami", mixinStandardHelpOptions = true,
        description = "Show who the current token or session belongs to, its scopes and when it expires.")
final class WhoamiCommand implements Callable<Integer> {

    static final String SCOPES_HEADER = "X-OAuth-Scopes";
    static final String EXPIRY_HEADER = "Latchkey-Authentication-Token-Expiration";

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ApiClient api = client.authenticated();
        ApiResponse response = api.get("/api/v1/user");
        JsonNode user = response.body();
        if (client.json()) {
            client.printJson(user);
            return 0;
        }
        String scopes = response.header(SCOPES_HEADER);
        String expiry = response.header(EXPIRY_HEADER);
        new Fields()
                .add("Login", Format.text(user.path("login")))
                .add("ID", Format.text(user.path("id")))
                .add("Email", Format.text(user.path("email")))
                .add("Created", Format.time(user.path("created_at"), "-"))
                .add("Server", api.server())
                .add("Credentials", api.credential().description())
                .add("Token scopes", scopesShown(api.credential(), scopes))
                .add("Token expires", expiry == null ? "never" : expiry)
                .print(client.out());
        return 0;
    }

    private static String scopesShown(Credential credential, String scopes) {
        if (scopes != null && !scopes.isBlank()) {
            return scopes;
        }
        return credential == Credential.SESSION ? "- (a session is not limited by scopes)" : "- (none)";
    }
}
