package org.latchkey;

import org.latchkey.cli.LatchkeyCommand;

/** Entry point of the one jar: every subcommand, from {@code serve} to the git credential helper. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(LatchkeyCommand.commandLine().execute(args));
    }
}
