package org.latchkey.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.latchkey.fuzz.ApiReference.Route;

/** The fuzz suite reads the routes as the reference writes them: relative to /api/v1, across line breaks, with their fields. */
class ApiReferenceTest {

    @Test
    void routes_are_read_with_their_prefix_placeholders_fields_and_query_parameters() {
        ApiReference reference = ApiReference.parse("""
                | `POST /user/tokens` `{"name","scopes":[…]}` | session |
                `GET /user/tokens/{id}/usage?per_page=30&before=ID` pages; `POST
                /admin/users/{login}/tokens/resume` resumes; `PUT /npm/@owner%2fname` publishes;
                `GET /api/v1/user/audit-log` too.
                """);

        assertThat(reference.routes()).containsExactly(new Route("POST", "/api/v1/user/tokens"),
                new Route("GET", "/api/v1/user/tokens/{id}/usage"), new Route("POST", "/api/v1/admin/users/{login}/tokens/resume"),
                new Route("PUT", "/npm/@owner%2fname"), new Route("GET", "/api/v1/user/audit-log"));
        assertThat(reference.fields()).contains("name", "scopes");
        assertThat(reference.parameters()).containsExactly("before", "per_page");
    }

    @Test
    void the_served_reference_lists_every_route_family() {
        assertThat(ApiReference.load().routes()).extracting(Route::path).contains("/api/v1/session", "/api/v1/user/hooks",
                "/api/v1/orgs/{org}/token-policy", "/api/v1/credentials/revoke", "/npm/@owner%2fname", "/api/v1/user/repos",
                "/api/v1/tokens/self/check");
    }
}
