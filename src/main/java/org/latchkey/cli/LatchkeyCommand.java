package org.latchkey.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root {@code latchkey} command; each feature adds its subcommands here. */
@Command(name = "latchkey", mixinStandardHelpOptions = true, version = "latchkey 0.1.0",
        description = "Personal access token authority for Git and HTTP services.",
        subcommands = {ServeCommand.class})
public final class LatchkeyCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static CommandLine commandLine() {
        return new CommandLine(new LatchkeyCommand());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
