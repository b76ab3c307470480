package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.http.Refusals.assertRefused;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.http.Refusals.Snapshot;
import org.latchkey.store.TestDatabases.Engine;

/**
 * A smoke test of bad input on each engine, above all text PostgreSQL cannot store (U+0000): it is
 * refused as bad input before it reaches the database, never a 500 from the driver.
 */
class BadInputOnBothEnginesTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void text_no_engine_can_store_is_refused_before_the_database(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            long id = server.createToken(session, "{\"name\":\"existing\",\"scopes\":[]}").get("id").asLong();
            Snapshot before = Snapshot.of(server, session);

            assertRefused(server.send("POST", "/api/v1/user/tokens", "token " + session,
                    "{\"name\":\"a\\u0000b\",\"scopes\":[]}"), 422, "name");
            assertRefused(server.send("POST", "/api/v1/user/tokens", "token " + session,
                    "{\"name\":\"new\",\"description\":\"a\\u0000b\",\"scopes\":[]}"), 422, "description");
            assertRefused(server.send("PATCH", "/api/v1/user/tokens/" + id, "token " + session,
                    "{\"description\":\"a\\u0000b\"}"), 422, "description");
            assertRefused(server.send("POST", "/api/v1/admin/users", "token " + session,
                    "{\"username\":\"nul\",\"password\":\"a long password\",\"email\":\"a\\u0000b@example.com\"}"), 422, "email");
            assertRefused(server.send("POST", "/api/v1/admin/users", "token " + session,
                    "{\"username\":\"n\\u0000ul\",\"password\":\"a long password\"}"), 422, "username");
            assertRefused(server.send("POST", "/api/v1/user/tokens", "token " + session, "{\"name\":\"fine\","
                    + "\"type\":\"fine_grained\",\"resources\":[{\"owner\":\"a\\u0000b\",\"repositories\":\"all\"}],"
                    + "\"permissions\":{\"contents\":\"read\"},\"expires_in_days\":7}"), 422, "resources.owner");
            assertRefused(server.send("POST", "/api/v1/session", null,
                    "{\"username\":\"ad\\u0000min\",\"password\":\"" + server.adminPassword() + "\"}"), 401);

            assertThat(Snapshot.of(server, session)).isEqualTo(before);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void unreadable_and_mistyped_bodies_are_refused_on_both_engines(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            Snapshot before = Snapshot.of(server, session);

            assertRefused(server.send("POST", "/api/v1/user/tokens", "token " + session, "{\"name\":"), 400);
            assertRefused(server.send("POST", "/api/v1/user/tokens", "token " + session, "[]"), 400);
            assertRefused(server.send("POST", "/api/v1/user/tokens", "token " + session,
                    "{\"name\":\"new\",\"scopes\":[],\"expires_in_days\":2147483648}"), 422, "expires_in_days");
            assertRefused(server.send("POST", "/api/v1/user/tokens", "token " + session,
                    "{\"name\":\"new\",\"scopes\":[],\"unknown\":1}"), 422, "unknown");
            assertRefused(server.send("POST", "/api/v1/user/tokens", "token " + session,
                    "{\"name\":\"" + "n".repeat(60_000) + "\",\"scopes\":[]}"), 422, "name");
            assertRefused(server.send("GET", "/api/v1/user/tokens/99999999999999999999", "token " + session, null), 404);

            assertThat(Snapshot.of(server, session)).isEqualTo(before);
        }
    }
}
