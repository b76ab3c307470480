package org.latchkey.cli;

/**
 * A command that cannot complete, with the one line to show and the exit code to return.
 * The message never holds a secret.
 */
class CliFailure extends RuntimeException {

    private final ExitCode exitCode;

    CliFailure(ExitCode exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    ExitCode exitCode() {
        return exitCode;
    }

    static CliFailure notLoggedIn(String server) {
        String message = server == null
                ? "not logged in: run latchkey login --server URL, or set LATCHKEY_SERVER and LATCHKEY_TOKEN"
                : "not logged in to " + server + ": run latchkey login, or set LATCHKEY_TOKEN";
        return new CliFailure(ExitCode.NOT_AUTHENTICATED, message);
    }

    static CliFailure unreachable(String url, Exception cause) {
        return new CliFailure(ExitCode.GENERAL, "cannot reach the Latchkey server at " + url + ": " + reason(cause));
    }

    private static String reason(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (t instanceof java.net.UnknownHostException) {
                return "unknown host";
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return cause.getClass().getSimpleName();
    }

    static CliFailure invalid(String message) {
        return new CliFailure(ExitCode.USAGE, message);
    }
}
