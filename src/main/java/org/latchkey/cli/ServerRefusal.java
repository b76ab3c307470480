package org.latchkey.cli;

/** The server answered with an error status; carries its status, its JSON {@code message} and {@code error} code. */
final class ServerRefusal extends CliFailure {

    private final int status;
    private final String error;

    ServerRefusal(int status, String message) {
        this(status, message, null);
    }

    ServerRefusal(int status, String message, String error) {
        super(ExitCode.forHttpStatus(status), message);
        this.status = status;
        this.error = error;
    }

    int status() {
        return status;
    }

    /** The body's machine-readable {@code error} code, or null. */
    String error() {
        return error;
    }
}
