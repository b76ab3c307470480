package org.latchkey.cli;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What {@code latchkey login} remembers: the server, the user and the session token. The token is
 * only ever sent to the server it was issued by.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CliConfig(String server, String user, String token, String refreshToken) {

    static final CliConfig EMPTY = new CliConfig(null, null, null, null);

    CliConfig(String server, String user, String token) {
        this(server, user, token, null);
    }

    CliConfig withoutToken() {
        return new CliConfig(server, user, null, null);
    }

    @Override
    public String toString() {
        return "CliConfig[server=" + server + ", user=" + user + ", token=" + (token == null ? "none" : "set")
                + (refreshToken == null ? "" : ", refreshToken=set") + "]";
    }
}
