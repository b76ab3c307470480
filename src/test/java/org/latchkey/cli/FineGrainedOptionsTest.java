package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --resource OWNER:REPOS} and {@code --permission NAME=LEVEL}: what they accept and how they refuse. */
class FineGrainedOptionsTest {

    @Test
    void resource_takes_all_public_or_a_list_of_repositories() {
        assertThat(ResourceOption.parse("acme:all")).isEqualTo(new ResourceOption("acme", "all", null));
        assertThat(ResourceOption.parse("acme:PUBLIC")).isEqualTo(new ResourceOption("acme", "public", null));
        assertThat(ResourceOption.parse("acme:api")).isEqualTo(new ResourceOption("acme", null, List.of("api")));
        assertThat(ResourceOption.parse(" acme : api, web,api ")).isEqualTo(new ResourceOption("acme", null, List.of("api", "web")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme", "", ":all", "acme:", "acme:api,,web", "acme:api,", "ac me:all", "acme/api", "acme:a/b",
            "acme:my repo"})
    void a_malformed_resource_is_refused_with_the_expected_form(String text) {
        assertThatThrownBy(() -> ResourceOption.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void a_resource_without_a_colon_shows_every_accepted_form() {
        assertThatThrownBy(() -> ResourceOption.parse("acme"))
                .hasMessage("'acme' is not OWNER:all, OWNER:public or OWNER:REPO[,REPO...]");
    }

    @Test
    void resources_become_one_entry_per_owner_with_named_repositories_merged() {
        String json = ResourceOption.toJson(List.of(ResourceOption.parse("acme:api"), ResourceOption.parse("bob:all"),
                ResourceOption.parse("ACME:web,api"), ResourceOption.parse("bob:all"))).toString();

        assertThat(json).isEqualTo("[{\"owner\":\"acme\",\"repositories\":[\"api\",\"web\"]},"
                + "{\"owner\":\"bob\",\"repositories\":\"all\"}]");
    }

    @Test
    void one_owner_given_as_all_and_as_repositories_is_a_usage_error() {
        assertThatThrownBy(() -> ResourceOption.toJson(List.of(ResourceOption.parse("acme:all"), ResourceOption.parse("acme:api"))))
                .isInstanceOfSatisfying(CliFailure.class, failure -> assertThat(failure.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("acme twice in different ways (acme:all, acme:api)");
    }

    @Test
    void permission_is_a_lower_case_name_and_level() {
        assertThat(PermissionOption.parse("contents=write")).isEqualTo(new PermissionOption("contents", "write"));
        assertThat(PermissionOption.parse(" Contents = READ ")).isEqualTo(new PermissionOption("contents", "read"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"contents", "contents:write", "=write", "contents=", "contents=write=admin", "con tents=write",
            "contents=wr ite"})
    void a_malformed_permission_is_refused_naming_it(String text) {
        assertThatThrownBy(() -> PermissionOption.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void permissions_become_an_object_and_one_given_twice_must_agree() {
        assertThat(PermissionOption.toJson(List.of(PermissionOption.parse("contents=write"),
                PermissionOption.parse("workflows=write"), PermissionOption.parse("contents=write"))).toString())
                .isEqualTo("{\"contents\":\"write\",\"workflows\":\"write\"}");
        assertThat(PermissionOption.toJson(List.of()).toString()).isEqualTo("{}");
        assertThatThrownBy(() -> PermissionOption.toJson(List.of(PermissionOption.parse("contents=read"),
                PermissionOption.parse("contents=write"))))
                .isInstanceOf(CliFailure.class).hasMessageContaining("contents twice (read, write)");
    }

    @Test
    void max_lifetime_is_a_positive_number_of_days_or_none() {
        assertThat(OrgPolicyCommand.MaxLifetime.parse("30").days()).isEqualTo(30);
        assertThat(OrgPolicyCommand.MaxLifetime.parse("None").days()).isNull();
        assertThatThrownBy(() -> OrgPolicyCommand.MaxLifetime.parse("0")).hasMessageContaining("'0' is not a number of days");
        assertThatThrownBy(() -> OrgPolicyCommand.MaxLifetime.parse("30d")).hasMessageContaining("'30d'");
    }
}
