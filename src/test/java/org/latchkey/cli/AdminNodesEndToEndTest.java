package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code latchkey admin nodes}: the node list as a table and as JSON, for an administrator only. */
class AdminNodesEndToEndTest {

    @RegisterExtension
    static final LatchkeyServerExtension SERVER = new LatchkeyServerExtension();

    @TempDir
    Path temp;

    @Test
    void admin_nodes_lists_this_node_alive_as_a_table_and_as_json() throws Exception {
        CliRunner admin = SERVER.signedInAdmin(temp.resolve("admin"));

        CliRunner.Result table = admin.run("admin", "nodes");
        CliRunner.Result json = admin.run("admin", "nodes", "--json");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).startsWith("ID").contains("HEARTBEAT").contains(" * ").contains("alive")
                .contains(SERVER.url());
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode nodes = ApiClient.JSON.readTree(json.out());
        assertThat(nodes).hasSize(1);
        assertThat(nodes.get(0).get("alive").asBoolean()).isTrue();
        assertThat(nodes.get(0).get("self").asBoolean()).isTrue();
    }

    @Test
    void admin_nodes_without_a_session_is_refused() {
        CliRunner.Result refused = new CliRunner(temp.resolve("nobody")).run("admin", "nodes", "--server", SERVER.url());

        assertThat(refused.exitCode()).isEqualTo(ExitCode.NOT_AUTHENTICATED.code());
    }
}
