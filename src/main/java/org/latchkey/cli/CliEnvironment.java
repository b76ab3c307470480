package org.latchkey.cli;

import java.io.Console;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the client commands read from the process: environment variables, Java's {@code user.home},
 * standard input and the terminal. Tests pass their own instead of touching the real ones.
 */
record CliEnvironment(Function<String, String> env, Path userHome, InputStream stdin, Supplier<Console> console) {

    static CliEnvironment system() {
        return new CliEnvironment(System::getenv, Path.of(System.getProperty("user.home")), System.in, System::console);
    }

    /** The variable's value, or null when it is unset or blank. */
    String get(String name) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** {@code $HOME}, as git and the shell see it; Java's {@code user.home} only when {@code HOME} is unset. */
    Path home() {
        String home = get("HOME");
        return home != null ? Path.of(home) : userHome;
    }
}
