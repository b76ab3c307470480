package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.latchkey.TestServer;
import org.latchkey.account.FirstAdmin;
import org.latchkey.store.TestDatabases.Engine;

/** A web session and its sudo mode hold on every node of a cluster, as behind a round-robin load balancer. */
class SudoAcrossNodesHttpTest {

    private static final String NEW_TOKEN = "/settings/tokens/new";

    @Test
    void accessConfirmedOnOneNode_isConfirmedOnTheOther_andExpiresOnBoth() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer()) {
            WebClient onA = new WebClient(a);
            WebClient onB = onA.on(b);
            onA.signIn(FirstAdmin.LOGIN, a.adminPassword());
            assertThat(onB.get(NEW_TOKEN).statusCode()).as("signed in on A, fresh sudo on B").isEqualTo(200);

            a.clock().advance(Duration.ofMinutes(16));
            assertThat(onA.get(NEW_TOKEN).statusCode()).isEqualTo(303);
            assertThat(onB.get(NEW_TOKEN).statusCode()).isEqualTo(303);
            String csrf = onB.csrf("/sudo?return_to=%2Fsettings%2Ftokens%2Fnew");
            assertThat(onB.post("/sudo", "_csrf", csrf, "password", a.adminPassword(), "return_to", NEW_TOKEN)
                    .statusCode()).isEqualTo(303);

            assertThat(onA.get(NEW_TOKEN).statusCode()).as("confirmed on B, sudo on A").isEqualTo(200);
            assertThat(onB.get(NEW_TOKEN).statusCode()).isEqualTo(200);
            a.clock().advance(Duration.ofMinutes(16));
            assertThat(onA.get(NEW_TOKEN).statusCode()).isEqualTo(303);
            assertThat(onB.get(NEW_TOKEN).statusCode()).isEqualTo(303);
        }
    }
}
