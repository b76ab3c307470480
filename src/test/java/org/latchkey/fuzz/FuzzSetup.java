package org.latchkey.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.latchkey.TestServer;
import org.latchkey.fuzz.RawConnection.Answer;

/**
 * Fills a fresh server with what the fuzzer aims at (users, an organisation, repositories with a
 * commit, a package, live and dead tokens of each kind) and keeps the live credentials live: the
 * fuzzer signs sessions out, revokes and suspends tokens and locks accounts out, and {@link #refresh}
 * puts new ones in their place (moving the clock past a lockout when it must).
 */
final class FuzzSetup {

    static final String USER_PASSWORD = "fuzz user password 1";
    private static final String ROOT_PASSWORD = "fuzz root password 1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALL_SCOPES = "[\"repo\",\"workflow\",\"write:packages\",\"delete:packages\",\"delete_repo\","
            + "\"user\",\"admin:org\",\"read:audit_log\",\"self_rotate\"]";
    private static final String FINE_GRAINED = "\"type\":\"fine_grained\",\"resources\":[{\"owner\":"
            + "\"OWNER\",\"repositories\":\"all\"}],\"permissions\":{\"contents\":\"write\",\"workflows\":\"write\","
            + "\"administration\":\"write\",\"packages\":\"admin\",\"members\":\"write\"},\"expires_in_days\":30}";

    private final TestServer server;
    private final Targets targets;
    private final Random addresses = new Random();
    private String session;

    /** The places in {@link Targets#authorizations} that hold live credentials, and how each is made again. */
    private enum Live { SESSION, CLASSIC, FINE_GRAINED, USER_SESSION }

    FuzzSetup(TestServer server, Targets targets) {
        this.server = server;
        this.targets = targets;
    }

    void build() throws IOException {
        targets.secrets.add(server.adminPassword());
        targets.secrets.add(USER_PASSWORD);
        session = secret(server.signInAdmin());
        adminPassword = server.adminPassword();
        targets.secrets.add(ROOT_PASSWORD);
        expect(201, "POST", "/api/v1/admin/users", "{\"username\":\"fuzzroot\",\"password\":\"" + ROOT_PASSWORD
                + "\",\"admin\":true}");
        server.client().createUser(session, "fuzzuser", USER_PASSWORD);
        targets.authorizations.add("token " + session);
        targets.authorizations.add("token " + classic());
        targets.authorizations.add("Bearer " + fineGrained());
        targets.authorizations.add("token " + secret(server.signIn("fuzzuser", USER_PASSWORD)));
        String revoked = token("{\"name\":\"fuzz revoked\",\"scopes\":[\"repo\"]}");
        expect(204, "POST", "/api/v1/user/tokens/" + targets.ids.get(targets.ids.size() - 1) + "/revoke", null);
        targets.authorizations.addAll(List.of("token " + revoked, "token " + HostileJson.FAKE_TOKEN, "token abc", "Bearer",
                "Basic !!!", "Basic " + Base64.getEncoder().encodeToString("no colon".getBytes(StandardCharsets.UTF_8)),
                "Digest x", "token " + "a".repeat(5000), "token lkp_\u00e9"));
        targets.authorizations.add(null);
        targets.authorizations.add(null);
        expect(201, "POST", "/api/v1/orgs", "{\"login\":\"fuzzorg\"}");
        expect(200, "PUT", "/api/v1/orgs/fuzzorg/members/fuzzuser", null);
        expect(201, "POST", "/api/v1/user/repos", "{\"name\":\"fuzz-public\",\"private\":false}");
        expect(201, "POST", "/api/v1/user/repos", "{\"name\":\"fuzz-private\",\"private\":true}");
        expect(201, "POST", "/api/v1/orgs/fuzzorg/repos", "{\"name\":\"org-repo\",\"private\":true}");
        pushCommit();
        publishPackage();
    }

    private int made;
    private String userLogin = "fuzzuser";
    private String adminLogin = "admin";
    private String adminPassword;

    private String classic() {
        return token("{\"name\":\"fuzz classic " + made++ + "\",\"scopes\":" + ALL_SCOPES + "}");
    }

    private String fineGrained() {
        return token("{\"name\":\"fuzz fine " + made++ + "\"," + FINE_GRAINED.replace("OWNER", adminLogin));
    }

    private String token(String request) {
        JsonNode created = server.createToken(session, request);
        targets.ids.add(created.get("id").asText());
        return secret(created.get("token").asText());
    }

    private String secret(String secret) {
        targets.secrets.add(secret);
        return secret;
    }

    private void pushCommit() throws IOException {
        HostileGit.Pack pack = new HostileGit(new Random(1), new HostileJson(new Random(1))).pack();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(HostileGit.pkt(HostileGit.ZERO_ID + " " + pack.commit() + " refs/heads/main\0report-status\n"));
        body.writeBytes(HostileGit.ascii("0000"));
        body.writeBytes(pack.bytes());
        String basic = "Basic " + Base64.getEncoder().encodeToString(("x:" + targets.authorizations.get(1).substring(6))
                .getBytes(StandardCharsets.UTF_8));
        Answer pushed = raw("POST", "/admin/fuzz-public.git/git-receive-pack", List.of("Authorization: " + basic,
                "Content-Type: application/x-git-receive-pack-request"), body.toByteArray());
        if (pushed == null || pushed.status() != 200 || !pushed.text().contains("ok refs/heads/main")) {
            throw new AssertionError("the setup push failed: " + (pushed == null ? "no answer" : pushed.text()));
        }
        targets.commits.add(pack.commit());
    }

    private void publishPackage() throws IOException {
        byte[] tarball = "fuzz package".getBytes(StandardCharsets.UTF_8);
        String integrity = "sha512-" + Base64.getEncoder().encodeToString(digest("SHA-512", tarball));
        String body = "{\"_id\":\"@admin/tool\",\"name\":\"@admin/tool\",\"dist-tags\":{\"latest\":\"1.0.0\"},\"versions\":"
                + "{\"1.0.0\":{\"name\":\"@admin/tool\",\"version\":\"1.0.0\",\"dist\":{\"integrity\":\"" + integrity
                + "\",\"shasum\":\"" + HexFormat.of().formatHex(digest("SHA-1", tarball)) + "\"}}},\"access\":\"public\","
                + "\"_attachments\":{\"@admin/tool-1.0.0.tgz\":{\"content_type\":\"application/octet-stream\",\"data\":\""
                + Base64.getEncoder().encodeToString(tarball) + "\",\"length\":" + tarball.length + "}}}";
        expect(201, "PUT", "/npm/@admin%2ftool", body);
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts a new credential in place of each live one that no longer works. */
    void refresh() throws IOException {
        for (Live live : Live.values()) {
            String authorization = targets.authorizations.get(live.ordinal());
            Answer user = raw("GET", "/api/v1/user", List.of("Authorization: " + authorization), new byte[0]);
            if (user == null || user.status() != 200) {
                targets.authorizations.set(live.ordinal(), remake(live));
            }
        }
    }

    private String remake(Live live) throws IOException {
        if (live == Live.USER_SESSION) {
            return "token " + secret(userSession());
        }
        ensureAdminSession();
        return switch (live) {
            case SESSION -> "token " + session;
            case CLASSIC -> "token " + classic();
            default -> "Bearer " + fineGrained();
        };
    }

    /**
     * Makes {@link #session} an administrator's again. The fuzzer may grant the role to the fuzz user,
     * which may then disable, demote or delete {@code admin}; an administrator the fuzzer never knows
     * ({@code fuzzroot}) then creates a new one.
     */
    private void ensureAdminSession() throws IOException {
        if (isAdmin(session)) {
            return;
        }
        try {
            session = secret(signIn(adminLogin, adminPassword));
            if (isAdmin(session)) {
                return;
            }
        } catch (AssertionError lost) {
            // disabled, deleted or locked out: replaced below
        }
        String root = secret(signIn("fuzzroot", ROOT_PASSWORD));
        adminLogin = "fuzzadmin" + made++;
        adminPassword = USER_PASSWORD;
        Answer created = raw("POST", "/api/v1/admin/users", List.of("Authorization: token " + root,
                "Content-Type: application/json"), ("{\"username\":\"" + adminLogin + "\",\"password\":\"" + adminPassword
                + "\",\"admin\":true}").getBytes(StandardCharsets.UTF_8));
        if (created == null || created.status() != 201) {
            throw new AssertionError("cannot replace the fuzz administrator: " + (created == null ? "no answer" : created.text()));
        }
        targets.logins.add(adminLogin);
        session = secret(signIn(adminLogin, adminPassword));
    }

    private boolean isAdmin(String secret) throws IOException {
        Answer me = raw("GET", "/api/v1/user", List.of("Authorization: token " + secret), new byte[0]);
        return me != null && me.status() == 200 && JSON.readTree(me.body()).path("site_admin").asBoolean();
    }

    /**
     * A session of the fuzz user; when the fuzzer (as the administrator) has disabled, deleted or reset
     * the password of that account, a new user takes its place.
     */
    private String userSession() throws IOException {
        try {
            return signIn(userLogin, USER_PASSWORD);
        } catch (AssertionError lost) {
            userLogin = "fuzzuser" + made++;
            ensureAdminSession();
            expect(201, "POST", "/api/v1/admin/users", "{\"username\":\"" + userLogin + "\",\"password\":\"" + USER_PASSWORD + "\"}");
            targets.logins.add(userLogin);
            return signIn(userLogin, USER_PASSWORD);
        }
    }

    /** Signs in, moving the clock past the account's lockout if the fuzzer caused one. */
    private String signIn(String login, String password) throws IOException {
        String body = "{\"username\":\"" + login + "\",\"password\":\"" + password + "\"}";
        Answer answer = raw("POST", "/api/v1/session", List.of("Content-Type: application/json"), body.getBytes(StandardCharsets.UTF_8));
        if (answer.status() == 429) {
            server.clock().advance(Duration.ofMinutes(16));
            answer = raw("POST", "/api/v1/session", List.of("Content-Type: application/json"), body.getBytes(StandardCharsets.UTF_8));
        }
        if (answer.status() != 201) {
            throw new AssertionError("cannot sign in again as " + login + ": " + answer.status() + " " + answer.text());
        }
        return JSON.readTree(answer.body()).get("token").asText();
    }

    private void expect(int status, String method, String path, String body) throws IOException {
        Answer answer = raw(method, path, List.of("Authorization: token " + session, "Content-Type: application/json"),
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
        if (answer == null || answer.status() != status) {
            throw new AssertionError(method + " " + path + " in the fuzz set-up: " + (answer == null ? "no answer"
                    : answer.status() + " " + answer.text()));
        }
    }

    /** One request on a connection of its own, from an address no fuzzing worker uses (so never locked out). */
    private Answer raw(String method, String path, List<String> headers, byte[] body) throws IOException {
        String source = "127.250." + addresses.nextInt(256) + "." + (1 + addresses.nextInt(254));
        try (RawConnection connection = new RawConnection(source, server.latchkey().port())) {
            return connection.exchange(new FuzzRequest(method, path, headers, body, false).bytes(), false);
        }
    }
}
