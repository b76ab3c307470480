package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** Reads a password from the terminal without echo, or as one line of standard input; and a two-factor code when asked. */
final class Passwords {

    private Passwords() {
    }

    static String read(CliEnvironment environment, boolean fromStdin, String prompt) {
        String password = fromStdin ? firstLine(environment.stdin()) : prompt(environment, prompt);
        if (password.isEmpty()) {
            throw CliFailure.invalid("the password is empty");
        }
        return password;
    }

    /**
     * A two-factor code: asked on the terminal, or the next line of standard input when the
     * password came from there (so {@code printf 'PASSWORD\nCODE\n' | latchkey login --password-stdin} works).
     */
    static String readCode(CliEnvironment environment, boolean fromStdin, String prompt) {
        String code;
        if (fromStdin) {
            code = firstLine(environment.stdin(), "expected the two-factor code on the line after the password,"
                    + " or give it with --otp");
        } else {
            Console console = environment.console().get();
            if (console == null) {
                throw CliFailure.invalid("this account has two-factor authentication on: give the code with --otp CODE");
            }
            code = console.readLine("%s", prompt);
        }
        if (code == null || code.isBlank()) {
            throw CliFailure.invalid("no two-factor code given");
        }
        return code.strip();
    }

    /**
     * Sends {@code body} with {@code send}; when the server answers {@code otp_required} and no code
     * was given ({@code body} has no {@code otp}), reads one as {@link #readCode} does and sends again.
     */
    static JsonNode sendWithCode(CliEnvironment environment, boolean fromStdin, String prompt, ObjectNode body,
            Function<ObjectNode, JsonNode> send) {
        boolean codeGiven = body.has("otp");
        try {
            return send.apply(body);
        } catch (ServerRefusal refusal) {
            if (codeGiven || refusal.status() != 401 || !"otp_required".equals(refusal.error())) {
                throw refusal;
            }
            body.put("otp", readCode(environment, fromStdin, prompt));
            return send.apply(body);
        }
    }

    /** The first line of the stream without its line ending; fails when the stream is empty. */
    static String firstLine(InputStream in) {
        return firstLine(in, "expected a password on standard input, got nothing");
    }

    private static String firstLine(InputStream in, String whenEmpty) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            if (b == -1 && line.size() == 0) {
                throw CliFailure.invalid(whenEmpty);
            }
        } catch (IOException e) {
            throw new CliFailure(ExitCode.GENERAL, "cannot read standard input: " + e.getMessage());
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static String prompt(CliEnvironment environment, String prompt) {
        Console console = environment.console().get();
        if (console == null) {
            throw CliFailure.invalid("no terminal to ask for the password: pipe it in with --password-stdin");
        }
        char[] password = console.readPassword("%s", prompt);
        if (password == null) {
            throw CliFailure.invalid("no password given");
        }
        return new String(password);
    }
}
