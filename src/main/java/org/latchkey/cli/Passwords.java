package org.latchkey.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads a password from the terminal without echo, or as one line of standard input. */
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

    /** The first line of the stream without its line ending; fails when the stream is empty. */
    static String firstLine(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            if (b == -1 && line.size() == 0) {
                throw CliFailure.invalid("expected a password on standard input, got nothing");
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
