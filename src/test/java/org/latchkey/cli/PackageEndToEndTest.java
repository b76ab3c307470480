package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.pkg.Checksums;

/** {@code latchkey package list} against a real server, after a publish as npm sends it. */
class PackageEndToEndTest {

    @RegisterExtension
    static final LatchkeyServerExtension SERVER = new LatchkeyServerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void list_showsEachPackageWithItsVisibilityAndVersions() throws Exception {
        CliRunner cli = SERVER.signedInAdmin(temp);
        CliRunner.Result created = cli.run("token", "create", "--name", "publish", "--scopes", "write:packages",
                "--expires", "7d", "--json");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String token = JSON.readTree(created.out()).get("token").asText();
        assertThat(publish(token, "greeting", "1.0.0", null)).isEqualTo(201);
        assertThat(publish(token, "greeting", "1.1.0", null)).isEqualTo(201);
        assertThat(publish(token, "open", "0.1.0", "public")).isEqualTo(201);

        CliRunner.Result list = cli.run("package", "list");
        CliRunner.Result withToken = new CliRunner(temp.resolve("ci")).env("LATCHKEY_TOKEN", token)
                .env("LATCHKEY_SERVER", SERVER.url()).run("package", "list", "--json");

        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).startsWith("NAME").containsPattern("@admin/greeting\\s+private\\s+1\\.1\\.0\\s+1\\.0\\.0, 1\\.1\\.0")
                .containsPattern("@admin/open\\s+public\\s+0\\.1\\.0");
        assertThat(withToken.exitCode()).as(withToken.err()).isZero();
        assertThat(JSON.readTree(withToken.out()).findValuesAsText("name")).containsExactly("@admin/greeting", "@admin/open");
    }

    private static int publish(String token, String name, String version, String access) throws Exception {
        byte[] tarball = (name + " " + version).getBytes(StandardCharsets.UTF_8);
        String fullName = "@admin/" + name;
        ObjectNode body = JSON.createObjectNode().put("name", fullName).put("access", access);
        body.putObject("dist-tags").put("latest", version);
        body.putObject("versions").putObject(version).put("name", fullName).put("version", version)
                .putObject("dist").put("integrity", Checksums.integrity(tarball));
        body.putObject("_attachments").putObject(fullName + "-" + version + ".tgz")
                .put("data", Base64.getEncoder().encodeToString(tarball)).put("length", tarball.length);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(SERVER.url() + "/npm/@admin%2f" + name)).header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }
}
