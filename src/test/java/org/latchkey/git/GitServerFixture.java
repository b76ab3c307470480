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

    /** Creates an organisation owned by the admin, with the given users as members. */
    void org(String login, String... members) {
        expect(201, server.send("POST", "/api/v1/orgs", "token " + adminSession, "{\"login\":\"" + login + "\"}"));
        for (String member : members) {
            expect(200, server.send("PUT", "/api/v1/orgs/" + login + "/members/" + member, "token " + adminSession, null));
        }
    }

    /** Creates a repository of an organisation (as its owner, the admin) and returns its clone URL. */
    String orgRepository(String org, String name, boolean isPrivate) {
        return expect(201, server.send("POST", "/api/v1/orgs/" + org + "/repos", "token " + adminSession,
                "{\"name\":\"" + name + "\",\"private\":" + isPrivate + "}")).json().get("clone_url").asText();
    }

    /** Creates a fine-grained token with the given resources and permissions JSON; returns the whole response. */
    Response fineGrained(String session, String name, String resourcesJson, String permissionsJson, int days) {
        return server.send("POST", "/api/v1/user/tokens", "token " + session, "{\"name\":\"" + name
                + "\",\"type\":\"fine_grained\",\"resources\":" + resourcesJson + ",\"permissions\":" + permissionsJson
                + ",\"expires_in_days\":" + days + "}");
    }

    String fineGrainedSecret(String session, String name, String resourcesJson, String permissionsJson) {
        return expect(201, fineGrained(session, name, resourcesJson, permissionsJson, 30)).json().get("token").asText();
    }

    static Response expect(int status, Response response) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + ", got " + response.status() + ": " + response.body());
        }
        return response;
    }

    /** The clone URL with a token as the password, as a script would write it. */
    static String withToken(String url, String token) {
        return url.replace("http://", "http://x-access-token:" + token + "@");
    }

    String auditLog() {
        return server.get("/api/v1/user/audit-log?per_page=100", "token " + adminSession).body();
    }
}
