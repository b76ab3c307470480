package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code latchkey admin user reset-password LOGIN}: a one-time reset code for a user, printed once. */
@Command(name = "reset-password", mixinStandardHelpOptions = true,
        description = {"Reset a user's password with a one-time code.",
                "The old password stops working at once and every session of the user is signed out (tokens",
                "keep working). Prints a one-time reset code, valid for an hour, which the",
                "user enters on the server's /password-reset page to choose a new password. It is shown only",
                "this once (and emailed to the user when the server has SMTP); a new reset replaces it."})
final class AdminUserResetPasswordCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "LOGIN", description = "The user whose password to reset.")
    String login;

    @Override
    public Integer call() {
        JsonNode reset = client.session()
                .post("/api/v1/admin/users/" + UrlPath.segment("user name", login) + "/password-reset", null).body();
        if (client.json()) {
            client.printJson(reset);
        } else {
            client.out().printf("Reset the password of %s. Reset code (shown only this once): %s%n",
                    Format.text(reset.path("login")), Format.text(reset.path("reset_code")));
            client.out().printf("It works once, until %s, on %s%s.%s%n", Format.time(reset.path("expires_at"), "?"),
                    client.server(client.configStore().load()), Format.text(reset.path("reset_page")),
                    reset.path("emailed").asBoolean(false) ? " It was also emailed to the user." : "");
            client.out().flush();
        }
        return 0;
    }
}
