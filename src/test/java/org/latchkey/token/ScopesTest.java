package org.latchkey.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.latchkey.InvalidField;
import org.junit.jupiter.api.Test;

class ScopesTest {

    @Test
    void repo_implies_public_repo_but_not_the_reverse() {
        assertThat(Scopes.of(Scope.REPO).allows(Scope.PUBLIC_REPO)).isTrue();
        assertThat(Scopes.of(Scope.PUBLIC_REPO).allows(Scope.REPO)).isFalse();
    }

    @Test
    void write_packages_implies_read_packages_and_nothing_deletes_without_delete_packages() {
        Scopes scopes = Scopes.of(Scope.WRITE_PACKAGES);

        assertThat(scopes.allows(Scope.READ_PACKAGES)).isTrue();
        assertThat(scopes.allows(Scope.DELETE_PACKAGES)).isFalse();
    }

    @Test
    void user_and_admin_org_imply_their_read_scopes() {
        assertThat(Scopes.of(Scope.USER).allows(Scope.READ_USER)).isTrue();
        assertThat(Scopes.of(Scope.ADMIN_ORG).allows(Scope.READ_ORG)).isTrue();
        assertThat(Scopes.of(Scope.READ_ORG).allows(Scope.ADMIN_ORG)).isFalse();
    }

    @Test
    void parse_normalises_case_order_and_duplicates() {
        Scopes scopes = Scopes.parse(List.of("workflow", "REPO", "repo", " write:packages "));

        assertThat(scopes.wireNames()).containsExactly("repo", "workflow", "write:packages");
        assertThat(scopes.header()).isEqualTo("repo, workflow, write:packages");
    }

    @Test
    void parse_names_an_unknown_scope() {
        assertThatThrownBy(() -> Scopes.parse(List.of("repo", "admin:everything")))
                .isInstanceOf(InvalidField.class)
                .hasMessageContaining("admin:everything")
                .extracting(e -> ((InvalidField) e).field()).isEqualTo("scopes");
    }
}
