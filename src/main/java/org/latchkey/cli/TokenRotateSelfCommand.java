package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code latchkey token rotate-self [--write FILE]}: a script replaces the token in LATCHKEY_TOKEN
 * and is never left without a working one. The order:
 * <ol>
 *   <li>ask for a replacement, the old token kept working until confirmed
 *       ({@code POST /api/v1/tokens/self/rotate {"keep_old_until_confirmed":true}});</li>
 *   <li>store the new secret: print it, or write it to FILE (a 0600 temporary file beside it,
 *       flushed to disk, moved into place atomically);</li>
 *   <li>only then confirm with the new token ({@code …/rotate/confirm}), which revokes the old one.</li>
 * </ol>
 * If storing fails, the replacement is cancelled with its own secret ({@code …/rotate/cancel}) and
 * the old token goes on working. If confirming fails, the new token is stored and works, and the old
 * one works too until a later rotation confirms (or it expires): a warning says so.
 *
 * <p>When the secret's real home is elsewhere (a CI system's secret store), {@code --no-confirm}
 * stops after step 2, the caller stores the secret, then runs {@code --confirm} with the new token
 * in LATCHKEY_TOKEN (or {@code --cancel} to give it up).
 */
@Command(name = "rotate-self", mixinStandardHelpOptions = true,
        description = {"For scripts and CI: replace the token in LATCHKEY_TOKEN (it needs self_rotate).",
                "Prints only the new secret, or with --write FILE writes it there (mode 0600, atomically)",
                "and prints nothing secret. The old token works until the new one is stored, then stops;",
                "if storing fails, the old one goes on working and the new one is cancelled."})
final class TokenRotateSelfCommand implements Callable<Integer> {

    static final String ROTATE = "/api/v1/tokens/self/rotate";

    @Mixin
    ClientOptions client;

    @Option(names = "--write", paramLabel = "FILE", description = "Write the new secret to FILE instead of printing it.")
    Path file;

    @Option(names = "--no-confirm", description = "Leave the old token working: confirm with --confirm once the new"
            + " secret is stored where it belongs (e.g. a CI secret store).")
    boolean noConfirm;

    @Option(names = "--confirm", description = "With the new token in LATCHKEY_TOKEN: revoke the token(s) it replaced.")
    boolean confirmOnly;

    @Option(names = "--cancel", description = "With the new token in LATCHKEY_TOKEN: give it up; the old one goes on working.")
    boolean cancelOnly;

    @Override
    public Integer call() {
        String oldToken = client.environment().get("LATCHKEY_TOKEN");
        if (oldToken == null) {
            throw new CliFailure(ExitCode.NOT_AUTHENTICATED, "LATCHKEY_TOKEN is not set: token rotate-self rotates the token in it");
        }
        String server = client.server(client.configStore().load());
        if (confirmOnly || cancelOnly) {
            return finish(new ApiClient(server, oldToken, Credential.LATCHKEY_TOKEN));
        }
        ObjectNode body = ApiClient.JSON.createObjectNode().put("keep_old_until_confirmed", true);
        JsonNode rotated = new ApiClient(server, oldToken, Credential.LATCHKEY_TOKEN).post(ROTATE, body).body();
        String secret = rotated.path("token").asText(null);
        if (secret == null) {
            throw new CliFailure(ExitCode.GENERAL, "the server answered without a new token; the old one still works");
        }
        ApiClient replacement = new ApiClient(server, secret, Credential.LATCHKEY_TOKEN);
        store(rotated, secret, replacement);
        if (!noConfirm) {
            confirm(replacement);
        }
        return 0;
    }

    /** {@code --confirm} or {@code --cancel}, with the new token in LATCHKEY_TOKEN. */
    private int finish(ApiClient replacement) {
        if ((confirmOnly && cancelOnly) || file != null || noConfirm) {
            throw CliFailure.invalid("--confirm and --cancel go alone (with the new token in LATCHKEY_TOKEN)");
        }
        if (cancelOnly) {
            replacement.post(ROTATE + "/cancel", null);
            done("Cancelled: this token is revoked; the one it was to replace goes on working.");
            return 0;
        }
        JsonNode confirmed = replacement.post(ROTATE + "/confirm", null).body();
        if (client.json()) {
            client.printJson(confirmed);
        }
        int count = confirmed.path("revoked_token_ids").size();
        done(count == 0 ? "Nothing to confirm: no older token of this one is live."
                : "Confirmed: the old token (id " + Format.list(confirmed.path("revoked_token_ids")) + ") no longer works.");
        return 0;
    }

    private void done(String message) {
        if (!client.json()) {
            client.out().println(message);
            client.out().flush();
        }
    }

    private void store(JsonNode rotated, String secret, ApiClient replacement) {
        if (file == null) {
            if (client.json()) {
                client.printJson(rotated);
            } else {
                client.out().println(secret);
            }
            client.out().flush();
            if (client.out().checkError()) {
                throw cancelled(replacement, "could not print the new token");
            }
            return;
        }
        try {
            PrivateFiles.writeAtomically(file, (secret + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw cancelled(replacement, "could not write " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        if (client.json()) {
            ObjectNode shown = rotated.deepCopy();
            shown.remove("token");
            client.printJson(shown.put("written_to", file.toString()));
        } else {
            client.out().printf("Wrote the new token (id %s, expires %s) to %s; %s%n",
                    Format.text(rotated.path("id")), Format.time(rotated.path("expires_at"), "never"), file,
                    noConfirm ? "the old one works until: LATCHKEY_TOKEN=<new> latchkey token rotate-self --confirm"
                            : "the old one no longer works.");
            client.out().flush();
        }
    }

    /** Gives the replacement up; the old token was never revoked, so it goes on working. */
    private CliFailure cancelled(ApiClient replacement, String problem) {
        try {
            replacement.post(ROTATE + "/cancel", null);
            return new CliFailure(ExitCode.GENERAL, problem + "; the rotation was cancelled and the token in"
                    + " LATCHKEY_TOKEN still works");
        } catch (CliFailure cancelFailed) {
            return new CliFailure(ExitCode.GENERAL, problem + "; the token in LATCHKEY_TOKEN still works (the unused"
                    + " replacement could not be cancelled: " + cancelFailed.getMessage() + ")");
        }
    }

    private void confirm(ApiClient replacement) {
        try {
            replacement.post(ROTATE + "/confirm", null);
        } catch (CliFailure e) {
            client.err().println("warning: the new token is stored and works, but the rotation was not confirmed ("
                    + e.getMessage() + "): the old token also works until the next rotate-self or its expiry.");
            client.err().flush();
        }
    }
}
