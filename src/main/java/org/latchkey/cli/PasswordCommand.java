package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code latchkey password}: changes the signed-in user's password; never prints a password. */
@Command(name = "password", mixinStandardHelpOptions = true,
        description = {"Change your password (needs the session of latchkey login).",
                "Asks for the current password and the new one twice, without echo; with --password-stdin",
                "reads the current password and the new one from the first two lines of standard input,",
                "and the two-factor code from the third when your account has it on (unless --otp gives it).",
                "Every other session of your account is signed out; your personal access tokens keep working."})
final class PasswordCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Option(names = "--password-stdin", description = "Read the current and the new password from standard input, one a line.")
    boolean passwordStdin;

    @Option(names = "--otp", paramLabel = "CODE",
            description = "The two-factor code from your authenticator app, or a recovery code.")
    String otp;

    @Override
    public Integer call() {
        ApiClient api = client.session();
        CliEnvironment environment = client.environment();
        String current = Passwords.read(environment, passwordStdin, "Current password: ");
        String next = Passwords.read(environment, passwordStdin, "New password: ");
        if (!passwordStdin && !next.equals(Passwords.read(environment, false, "New password again: "))) {
            throw CliFailure.invalid("the two new passwords differ; nothing was changed");
        }
        ObjectNode body = ApiClient.JSON.createObjectNode().put("current_password", current).put("new_password", next);
        if (otp != null) {
            body.put("otp", otp);
        }
        JsonNode answer = Passwords.sendWithCode(environment, passwordStdin,
                "Two-factor code (from your authenticator app, or a recovery code): ", body, b -> send(api, b));
        if (client.json()) {
            client.printJson(answer);
        } else {
            client.out().println(Format.text(answer.path("message")));
            client.out().flush();
        }
        return 0;
    }

    /** Sends the change; a wrong code is told as such, not as an expired session. */
    private static JsonNode send(ApiClient api, ObjectNode body) {
        try {
            return api.put("/api/v1/user/password", body).body();
        } catch (ServerRefusal refusal) {
            if ("invalid_otp".equals(refusal.error())) {
                throw new ServerRefusal(refusal.status(), "Invalid two-factor code; nothing was changed.", refusal.error());
            }
            throw refusal;
        }
    }
}
