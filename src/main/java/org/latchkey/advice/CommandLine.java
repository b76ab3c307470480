package org.latchkey.advice;

import java.util.List;
import java.util.regex.Pattern;

/** A {@code latchkey} command line that a POSIX shell reads back as the arguments given. */
final class CommandLine {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    private static final Pattern DOUBLE_QUOTABLE = Pattern.compile("[^\"\\\\$`!]*");

    private CommandLine() {
    }

    static String of(List<String> args) {
        StringBuilder line = new StringBuilder();
        for (String arg : args) {
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(quote(arg));
        }
        return line.toString();
    }

    /** {@code api}, {@code "ci deploy (narrowed)"}, or single quotes when the text has {@code $ " \ ` !}. */
    static String quote(String arg) {
        if (PLAIN.matcher(arg).matches()) {
            return arg;
        }
        if (DOUBLE_QUOTABLE.matcher(arg).matches()) {
            return "\"" + arg + "\"";
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
