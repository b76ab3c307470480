package org.latchkey.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.latchkey.token.Scope;

class CommandLineTest {

    @Test
    void plain_words_stay_bare_and_names_are_quoted_so_a_shell_reads_them_back_unchanged() {
        assertThat(CommandLine.of(List.of("latchkey", "--resource", "acme:api,web", "--permission", "contents=write")))
                .isEqualTo("latchkey --resource acme:api,web --permission contents=write");
        assertThat(CommandLine.quote("ci deploy (narrowed)")).isEqualTo("\"ci deploy (narrowed)\"");
        assertThat(CommandLine.quote("costs $HOME `x` (narrowed)")).isEqualTo("'costs $HOME `x` (narrowed)'");
        assertThat(CommandLine.quote("it's \"quoted\"!")).isEqualTo("'it'\\''s \"quoted\"!'");
    }

    @Test
    void the_narrowed_name_avoids_live_names_and_fits_in_100_characters() {
        assertThat(Suggestions.narrowedName("ci", Set.of())).isEqualTo("ci (narrowed)");
        assertThat(Suggestions.narrowedName("ci", Set.of("ci (narrowed)", "ci (narrowed 2)"))).isEqualTo("ci (narrowed 3)");
        String longName = "x".repeat(100);
        assertThat(Suggestions.narrowedName(longName, Set.of())).hasSize(100).endsWith("x (narrowed)");
    }

    @Test
    void the_narrowest_accepted_scope_is_the_one_the_others_imply() {
        assertThat(Needs.narrowest(List.of(Scope.REPO, Scope.PUBLIC_REPO))).isEqualTo(Scope.PUBLIC_REPO);
        assertThat(Needs.narrowest(List.of(Scope.READ_AUDIT_LOG))).isEqualTo(Scope.READ_AUDIT_LOG);
        assertThat(Needs.reduced(Set.of(Scope.REPO, Scope.PUBLIC_REPO, Scope.READ_ORG, Scope.ADMIN_ORG)))
                .containsExactly(Scope.REPO, Scope.ADMIN_ORG);
    }
}
