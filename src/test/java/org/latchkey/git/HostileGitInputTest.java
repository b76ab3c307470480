package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.ApiClient;
import org.latchkey.LogCapture;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/**
 * What no git client sends, sent to the smart HTTP endpoint: each gets a 4xx with one line of
 * plain text (git prints it), one log line without a stack trace, and never a 500; and the real
 * git client still clones and pushes beside it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileGitInputTest {

    private static final String UPLOAD = "/admin/public.git/git-upload-pack";
    private static final String RECEIVE = "/admin/public.git/git-receive-pack";
    private static final String UPLOAD_TYPE = "Content-Type: application/x-git-upload-pack-request";
    private static final String RECEIVE_TYPE = "Content-Type: application/x-git-receive-pack-request";
    private static final String CREATE_MAIN = "0".repeat(40) + " " + "1".repeat(40) + " refs/heads/main\0report-status\n";

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    @TempDir
    Path temp;

    private TestServer server;
    private GitServerFixture fixture;
    private String basic;

    @BeforeAll
    void start() {
        server = TestServer.start(Engine.H2);
        fixture = new GitServerFixture(server);
        fixture.repository("public", false);
        String token = fixture.adminToken("pusher", "[\"repo\"]");
        basic = "Authorization: Basic " + Base64.getEncoder().encodeToString(("x:" + token).getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    void garbage_for_packet_lines_on_a_public_repository_is_400_in_one_logged_line() {
        Response answer = post(UPLOAD, "zzzz".getBytes(StandardCharsets.US_ASCII), UPLOAD_TYPE);

        assertPlainRefusal(answer, 400, "Malformed git-upload-pack request: the request does not follow the git protocol.");
        assertThat(logs.lines()).singleElement().asString()
                .contains("refused a malformed git-upload-pack request from 127.0.0.1").doesNotContain("\tat ");
    }

    @Test
    void wanting_an_object_the_repository_does_not_have_beside_deepen_not_is_400() throws Exception {
        String url = GitServerFixture.withToken(fixture.repository("wanted", false), fixture.adminToken("w", "[\"repo\"]"));
        GitClient git = new GitClient(temp.resolve("wanted-home"));
        git.ok(git.newWorkTree("wanted"), "push", "-q", url, "main");
        byte[] body = ("001edeepen-not refs/heads/main0032want " + "0".repeat(40) + "\n0000").getBytes(StandardCharsets.US_ASCII);

        assertPlainRefusal(post("/admin/wanted.git/git-upload-pack", body, UPLOAD_TYPE), 400,
                "the request names an object the repository does not have");
    }

    @Test
    void a_want_line_that_is_no_want_line_is_400() {
        assertPlainRefusal(post(UPLOAD, pkts("have " + "0".repeat(40) + "\n", null), UPLOAD_TYPE), 400,
                "the request does not follow the git protocol");
        assertPlainRefusal(post(UPLOAD, pkts("want abc\n", null), UPLOAD_TYPE), 400,
                "the request does not follow the git protocol");
    }

    @Test
    void a_ref_update_with_malformed_ids_is_400_even_with_a_valid_token() {
        String command = "\u00e9".repeat(40) + " " + "0".repeat(40) + " refs/heads/main\0report-status\n";

        assertPlainRefusal(post(RECEIVE, pkts(command, "PACK"), RECEIVE_TYPE, basic), 400,
                "the request does not follow the git protocol");
    }

    @Test
    void a_corrupt_pack_is_400_without_a_stack_trace() {
        Response answer = post(RECEIVE, pkts(CREATE_MAIN, "PACK\0\0\0\2\0\0\0\1garbage"), RECEIVE_TYPE, basic);

        assertPlainRefusal(answer, 400, "Malformed git-receive-pack request: the pack is truncated or corrupt.");
        assertThat(logs.text()).doesNotContain("\tat ").contains("the pack is truncated or corrupt");
    }

    @Test
    void a_pack_claiming_more_objects_than_any_push_is_refused_before_room_is_made_for_them() {
        Response answer = post(RECEIVE, pkts(CREATE_MAIN, "PACK\0\0\0\2garbage"), RECEIVE_TYPE, basic);

        assertPlainRefusal(answer, 413, "the pack claims 1734439522 objects; a push may hold at most 10000000");
        assertThat(logs.text()).doesNotContain("\tat ").doesNotContain("internal error");
    }

    @Test
    void wrong_methods_content_types_and_encodings_are_refused_in_plain_text() {
        assertPlainRefusal(server.send("GET", UPLOAD, null, null), 405, "Method GET is not allowed here: git uses POST.");
        assertPlainRefusal(server.send("DELETE", "/admin/public.git/info/refs", null, null), 405, "git uses GET");
        assertPlainRefusal(post(UPLOAD, pkts("done\n", null), "Content-Type: application/json; charset=\u00e9"), 415,
                "must have Content-Type application/x-git-upload-pack-request");
        assertPlainRefusal(post(UPLOAD, pkts("done\n", null), UPLOAD_TYPE, "Content-Encoding: br"), 415, "gzip");
        assertPlainRefusal(post(UPLOAD, "not gzip at all".getBytes(StandardCharsets.US_ASCII), UPLOAD_TYPE,
                "Content-Encoding: gzip"), 400, "the body is not valid gzip");
    }

    @Test
    void an_upload_pack_body_over_10_MiB_is_413_declared_or_sent() {
        Response declared = server.client().sendRaw(ApiClient.head("POST " + UPLOAD + " HTTP/1.1", UPLOAD_TYPE,
                "Content-Length: 20000000"), null);
        byte[] flushes = "0000".repeat(3 * 1024 * 1024).getBytes(StandardCharsets.US_ASCII);
        Response sent = server.client().sendRaw(ApiClient.head("POST " + UPLOAD + " HTTP/1.1", UPLOAD_TYPE,
                "Transfer-Encoding: chunked"), chunked(flushes));

        assertPlainRefusal(declared, 413, "the request body is over 10 MiB");
        assertPlainRefusal(sent, 413, "the request body is over 10 MiB");
    }

    @Test
    void malformed_requests_count_towards_the_address_lockout_which_then_refuses_even_anonymous_reads() throws Exception {
        try (TestServer own = TestServer.start(Engine.H2)) {
            new GitServerFixture(own).repository("public", false);
            for (int i = 0; i < 30; i++) {
                assertThat(own.client().sendRaw(ApiClient.head("POST " + UPLOAD + " HTTP/1.1", UPLOAD_TYPE,
                        "Content-Length: 4"), "zzzz".getBytes(StandardCharsets.US_ASCII)).status()).isEqualTo(400);
            }

            Response after = own.get("/admin/public.git/info/refs?service=git-upload-pack", null);

            GitClient.Result listed = new GitClient(temp.resolve("home")).run(temp, "ls-remote", own.baseUrl() + "/admin/public.git");

            assertPlainRefusal(after, 429, "Too many failed authentication attempts from your address");
            assertThat(after.header("Retry-After")).isNotNull();
            assertThat(listed.exitCode()).isNotZero();
            assertThat(listed.output()).contains("Too many failed authentication attempts from your address");
        }
    }

    @Test
    void the_real_git_client_still_clones_and_pushes() throws Exception {
        String url = GitServerFixture.withToken(fixture.repository("together", false), fixture.adminToken("t", "[\"repo\"]"));
        GitClient git = new GitClient(temp.resolve("home"));
        Path tree = git.newWorkTree("together");
        git.ok(tree, "push", "-q", url, "main");

        git.ok(temp, "clone", "-q", url, "copy");

        assertThat(git.ok(temp.resolve("copy"), "log", "--oneline").output()).isNotBlank();
    }

    private Response post(String path, byte[] body, String... headers) {
        return server.client().sendRaw(ApiClient.head("POST " + path + " HTTP/1.1", append(headers,
                "Content-Length: " + body.length)), body);
    }

    private static String[] append(String[] headers, String header) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 1);
        all[headers.length] = header;
        return all;
    }

    static void assertPlainRefusal(Response answer, int status, String reason) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("text/plain");
        assertThat(answer.body()).contains(reason).doesNotContain("\tat ");
        assertThat(answer.body().strip()).doesNotContain("\n");
    }

    /** Packet lines of the given text, a flush, then the raw tail (a pack) if any. */
    static byte[] pkts(String line, String tail) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] payload = line.getBytes(StandardCharsets.UTF_8);
        body.writeBytes(String.format("%04x", payload.length + 4).getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(payload);
        body.writeBytes("0000".getBytes(StandardCharsets.US_ASCII));
        if (tail != null) {
            body.writeBytes(tail.getBytes(StandardCharsets.ISO_8859_1));
        }
        return body.toByteArray();
    }

    private static byte[] chunked(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < body.length; at += 65536) {
            int n = Math.min(65536, body.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
