package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/** GET /api/v1/admin/audit-log/verify: an admin checks that nobody rewrote the audit log. */
class AuditChainApiTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void an_admin_sees_the_chain_intact_and_others_are_refused(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = server.signInAdmin();
            server.createToken(admin, "{\"name\":\"one\",\"scopes\":[]}");
            AuthenticationTest.createUser(server, admin, "carol", "carols long password");
            String carol = server.signIn("carol", "carols long password");

            Response verdict = server.get("/api/v1/admin/audit-log/verify", "token " + admin);
            Response refused = server.get("/api/v1/admin/audit-log/verify", "token " + carol);

            assertThat(verdict.status()).isEqualTo(200);
            assertThat(verdict.json().get("intact").asBoolean()).isTrue();
            assertThat(verdict.json().get("checked").asLong()).isGreaterThanOrEqualTo(3);
            assertThat(verdict.json().get("first_broken_event_id").isNull()).isTrue();
            assertThat(refused.status()).isEqualTo(403);
        }
    }

    @Test
    void an_event_changed_in_the_database_is_named() throws Exception {
        try (TestServer server = TestServer.start(Engine.POSTGRESQL)) {
            String admin = server.signInAdmin();
            server.createToken(admin, "{\"name\":\"one\",\"scopes\":[]}");
            server.createToken(admin, "{\"name\":\"two\",\"scopes\":[]}");
            long tampered = server.get("/api/v1/user/audit-log?per_page=1", "token " + admin).json().get(0).get("id").asLong();
            try (Connection connection = DriverManager.getConnection(server.postgres().url(), server.postgres().user(),
                    server.postgres().password()); Statement statement = connection.createStatement()) {
                statement.execute("UPDATE audit_events SET details = '{\"name\":\"innocent\"}' WHERE id = " + tampered);
            }

            Response verdict = server.get("/api/v1/admin/audit-log/verify", "token " + admin);

            assertThat(verdict.json().get("intact").asBoolean()).isFalse();
            assertThat(verdict.json().get("first_broken_event_id").asLong()).isEqualTo(tampered);
            assertThat(verdict.json().get("problem").asText()).contains("changed after it was recorded");
        }
    }
}
