package org.latchkey.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Turns every failure into one line on stderr and an {@link ExitCode}. */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        report(command.getErr(), ex.getMessage() + " (see: " + command.getCommandSpec().qualifiedName() + " --help)");
        return ExitCode.USAGE.code();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
        if (ex instanceof CliFailure failure) {
            report(command.getErr(), failure.getMessage());
            return failure.exitCode().code();
        }
        report(command.getErr(), "unexpected error: " + ex);
        return ExitCode.GENERAL.code();
    }

    private static void report(PrintWriter err, String message) {
        err.println(Secrets.redact(message).replaceAll("[\\r\\n]+", " "));
        err.flush();
    }
}
