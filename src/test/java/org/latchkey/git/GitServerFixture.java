package org.latchkey.git;

import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;

/** A running server, an admin session and short ways to make users, tokens and repositories for git tests. */
final class GitServerFixture {

    final TestServer server;
    final String adminSession;

    GitServerFixture(TestServer server) {
        this.server = server;
        this.adminSession = server.signInAdmin();
    }

    String token(String session, String name, String scopesJson) {
        return server.createToken(session, "{\"name\":\"" + name + "\",\"scopes\":" + scopesJson + "}").get("token").asText();
    }

    String adminToken(String name, String scopesJson) {
        return token(adminSession, name, scopesJson);
    }

    /** Creates a user and returns a session of theirs. */
    String user(String login) {
        String password = login + " has a long password";
        Response created = server.send("POST", "/api/v1/admin/users", "token " + adminSession,
                "{\"username\":\"" + login + "\",\"password\":\"" + password + "\"}");
        if (created.status() != 201) {
            throw new AssertionError(created.body());
        }
        return server.signIn(login, password);
    }

    /** Creates a repository of the admin's and returns its clone URL without credentials. */
    String repository(String name, boolean isPrivate) {
        Response created = server.send("POST", "/api/v1/user/repos", "token " + adminSession,
                "{\"name\":\"" + name + "\",\"private\":" + isPrivate + "}");
        if (created.status() != 201) {
            throw new AssertionError(created.body());
        }
        return created.json().get("clone_url").asText();
    }

    /** The clone URL with a token as the password, as a script would write it. */
    static String withToken(String url, String token) {
        return url.replace("http://", "http://x-access-token:" + token + "@");
    }

    String auditLog() {
        return server.get("/api/v1/user/audit-log?per_page=100", "token " + adminSession).body();
    }
}
