package org.latchkey.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root {@code latchkey} command; each feature adds its subcommands here. */
@Command(name = "latchkey", mixinStandardHelpOptions = true, version = "latchkey 0.1.0",
        description = "Personal access token authority for Git and HTTP services.",
        subcommands = {ServeCommand.class, LoginCommand.class, LogoutCommand.class, WhoamiCommand.class,
                PasswordCommand.class,
                TokenCommand.class, RepoCommand.class, PackageCommand.class, OrgCommand.class, AuditCommand.class, AlertsCommand.class,
                AdminCommand.class, HookCommand.class, TrustPolicyCommand.class, OAuthAppCommand.class,
                CredentialCommand.class, ScanCommand.class})
public final class LatchkeyCommand implements Runnable {

    private final CliEnvironment environment;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private LatchkeyCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    public static CommandLine commandLine() {
        return commandLine(CliEnvironment.system());
    }

    static CommandLine commandLine(CliEnvironment environment) {
        CommandLine commandLine = new CommandLine(new LatchkeyCommand(environment));
        ErrorReporter errors = new ErrorReporter();
        commandLine.setExecutionExceptionHandler(errors);
        commandLine.setParameterExceptionHandler(errors);
        documentExitCodes(commandLine);
        return commandLine;
    }

    CliEnvironment environment() {
        return environment;
    }

    private static void documentExitCodes(CommandLine command) {
        if (command.getCommandName().equals("scan")) {
            command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ScanCommand.EXIT_CODES);
        } else if (!command.getCommandName().equals("serve")) {
            command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.helpList());
            command.getSubcommands().values().forEach(LatchkeyCommand::documentExitCodes);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
