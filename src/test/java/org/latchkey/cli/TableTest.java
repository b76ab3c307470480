package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void columns_are_padded_to_their_widest_cell_and_the_last_is_not_padded() {
        Table table = new Table("ID", "NAME", "STATE")
                .row("1", "deploy-key", "active")
                .row("12", "ci", "revoked");

        assertThat(print(table)).isEqualTo("""
                ID  NAME        STATE
                1   deploy-key  active
                12  ci          revoked
                """);
    }

    @Test
    void empty_cells_show_a_dash_and_control_characters_cannot_break_a_row() {
        Table table = new Table("NAME", "SCOPES").row("evil\nname\u001b[31m", "");

        assertThat(print(table)).isEqualTo("""
                NAME            SCOPES
                evil name [31m  -
                """);
    }

    @Test
    void a_row_must_have_one_cell_per_column() {
        assertThatThrownBy(() -> new Table("A", "B").row("1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fields_align_their_values() {
        StringWriter out = new StringWriter();

        new Fields().add("ID", "7").add("Last used", null).print(new PrintWriter(out));

        assertThat(out.toString()).isEqualTo("""
                ID:         7
                Last used:  -
                """);
    }

    private static String print(Table table) {
        StringWriter out = new StringWriter();
        table.print(new PrintWriter(out));
        return out.toString();
    }
}
