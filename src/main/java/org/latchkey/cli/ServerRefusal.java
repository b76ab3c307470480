package org.latchkey.cli;

/** The server answered with an error status; carries its status and its JSON {@code message}. */
final class ServerRefusal extends CliFailure {

    private final int status;

    ServerRefusal(int status, String message) {
        super(ExitCode.forHttpStatus(status), message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
