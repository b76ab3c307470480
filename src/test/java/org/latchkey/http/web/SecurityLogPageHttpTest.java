package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.latchkey.TestServer;
import org.latchkey.account.FirstAdmin;
import org.latchkey.store.TestDatabases.Engine;

/** The security log's details and sign-in filter over plain HTTP: what a crafted query or detail can and cannot do. */
class SecurityLogPageHttpTest {

    @Test
    void details_are_escaped_and_the_sign_in_filter_takes_only_sign_ins_in_any_letter_case() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = server.signInAdmin();
            server.createToken(session, "{\"name\":\"<img src=x onerror=alert(1)>\",\"scopes\":[]}");
            WebClient web = new WebClient(server);
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());

            String all = web.get("/settings/security-log").body();
            HttpResponse<String> upper = web.get("/settings/security-log?hide=SIGN-INS");
            HttpResponse<String> other = web.get("/settings/security-log?hide=token.created");
            HttpResponse<String> encoded = web.get("/settings/security-log?hide=sign%2Dins&action=session.created");

            assertThat(all).contains("<code class=\"details\">name=&quot;&lt;img src=x onerror=alert(1)&gt;&quot; scopes=&quot;&quot;</code>")
                    .doesNotContain("<img src=x").contains("<code class=\"action\">session.created</code>");
            assertThat(upper.statusCode()).isEqualTo(200);
            assertThat(upper.body()).doesNotContain("<code class=\"action\">session.created</code>")
                    .contains("checked=\"checked\"", "Show sign-ins");
            assertThat(other.statusCode()).isEqualTo(422);
            assertThat(other.body()).contains("id=\"hide-error\"", "Only sign-ins can be hidden.")
                    .doesNotContain("id=\"security-log\"");
            assertThat(encoded.body()).contains("No events match these filters.");
        }
    }
}
