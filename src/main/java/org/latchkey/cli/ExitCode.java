package org.latchkey.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.latchkey.Refusal;

/** The CLI's exit codes: the one place where a failure becomes a process status. */
enum ExitCode {
    OK(0, "Success."),
    GENERAL(1, "Server error, server unreachable or any other failure."),
    USAGE(2, "Bad command line (unknown option, bad --expires, missing argument) or malformed credential helper input."),
    NOT_AUTHENTICATED(3, "Not logged in, or the token or session was refused (HTTP 401)."),
    FORBIDDEN(4, "The token lacks a scope or the user a right (HTTP 403); token check: the action is denied."),
    NOT_FOUND(5, "No such token, user or resource (HTTP 404)."),
    INVALID_INPUT(6, "The server refused the input (HTTP 400, 409, 413, 422)."),
    RATE_LIMITED(7, "Rate limit exceeded; try again later (HTTP 429).");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    int code() {
        return code;
    }

    /** The exit code of a server's answer: its refusal's, as {@link Refusal.Kind} maps both; any other is general. */
    static ExitCode forHttpStatus(int status) {
        return Refusal.Kind.ofHttpStatus(status).map(kind -> of(kind.exitCode())).orElse(GENERAL);
    }

    static ExitCode of(int code) {
        for (ExitCode exit : values()) {
            if (exit.code == code) {
                return exit;
            }
        }
        throw new IllegalArgumentException("no exit code " + code);
    }

    /** The list shown under "Exit codes:" in every command's help. */
    static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode exit : values()) {
            list.put(Integer.toString(exit.code), exit.meaning);
        }
        return list;
    }
}
