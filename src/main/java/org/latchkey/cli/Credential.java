package org.latchkey.cli;

/** Where the token a request carries came from, so that a refusal can say which one was refused. */
enum Credential {
    NONE(null),
    LATCHKEY_TOKEN("token from LATCHKEY_TOKEN"),
    SESSION("session of latchkey login");

    private final String description;

    Credential(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    /** The server's message with what the caller needs to know to fix a 401 or 403. */
    String explain(int status, String message) {
        if (this == LATCHKEY_TOKEN && (status == 401 || status == 403)) {
            return message + " (" + description + ")";
        }
        if (this == SESSION && status == 401) {
            return message + " (" + description + "; run latchkey login again)";
        }
        return message;
    }
}
