package org.latchkey.cli;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One credential description of git's credential helper protocol: where (protocol, host with its
 * port, optional path) and, once known, who (username) and the secret (password). Any part may be
 * null; {@link #toString()} never shows the password. An entry the device flow made also keeps its
 * refresh token and when its access token (the password) expires, in epoch seconds
 * ({@link DeviceFlowCredentials}); git never sees either.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record GitCredential(String protocol, String host, String path, String username, String password,
                     String refreshToken, Long expiresAt) {

    static final GitCredential NONE = new GitCredential(null, null, null, null, null);

    GitCredential(String protocol, String host, String path, String username, String password) {
        this(protocol, host, path, username, password, null, null);
    }

    GitCredential withProtocol(String value) {
        return new GitCredential(value, host, path, username, password, refreshToken, expiresAt);
    }

    GitCredential withHost(String value) {
        return new GitCredential(protocol, value, path, username, password, refreshToken, expiresAt);
    }

    GitCredential withPath(String value) {
        return new GitCredential(protocol, host, value, username, password, refreshToken, expiresAt);
    }

    GitCredential withUsername(String value) {
        return new GitCredential(protocol, host, path, value, password, refreshToken, expiresAt);
    }

    GitCredential withPassword(String value) {
        return new GitCredential(protocol, host, path, username, value, refreshToken, expiresAt);
    }

    /** Whether the device flow made this entry (it can be renewed with its refresh token). */
    boolean renewable() {
        return refreshToken != null;
    }

    /** Whether both name the same protocol and host, the only parts every match needs. */
    boolean sameServer(GitCredential other) {
        return protocol != null && protocol.equals(other.protocol) && host != null && host.equals(other.host);
    }

    @Override
    public String toString() {
        return "GitCredential[" + protocol + "://" + host + (path == null ? "" : "/" + path) + ", username=" + username
                + ", password=" + (password == null ? "none" : "set") + (refreshToken == null ? "" : ", refreshToken=set") + "]";
    }
}
