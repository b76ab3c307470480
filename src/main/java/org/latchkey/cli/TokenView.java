package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** How a token from the server's JSON is shown to people: a table row, its details, a new secret. */
final class TokenView {

    static final String COPY_WARNING = "Make sure to copy your token now. You won't be able to see it again.";

    private TokenView() {
    }

    static Table table() {
        return new Table("ID", "NAME", "SCOPES", "EXPIRES", "LAST USED", "STATE");
    }

    static void addRow(Table table, JsonNode token) {
        table.row(Format.text(token.path("id")), Format.text(token.path("name")), Format.list(token.path("scopes")),
                Format.time(token.path("expires_at"), "never"), Format.time(token.path("last_used_at"), "never"),
                Format.text(token.path("state")));
    }

    static void printDetails(PrintWriter out, JsonNode token) {
        Fields fields = new Fields()
                .add("ID", Format.text(token.path("id")))
                .add("Name", Format.text(token.path("name")))
                .add("Description", Format.text(token.path("description")))
                .add("Type", Format.text(token.path("type")))
                .add("Scopes", Format.list(token.path("scopes")))
                .add("Created", Format.time(token.path("created_at"), "-"))
                .add("Expires", Format.time(token.path("expires_at"), "never"));
        if (token.has("state")) {
            fields.add("State", Format.text(token.path("state")))
                    .add("Last used", Format.time(token.path("last_used_at"), "never"))
                    .add("Last used from", Format.list(token.path("last_used_ips")));
        }
        if (token.path("revoked").asBoolean(false)) {
            fields.add("Revoked", Format.time(token.path("revoked_at"), "yes"));
        }
        fields.print(out);
    }

    /** The secret once, with the warning, then what the token may do and until when. */
    static void printNewSecret(PrintWriter out, JsonNode token) {
        out.println(COPY_WARNING);
        out.println();
        out.println(token.path("token").asText());
        out.println();
        new Fields()
                .add("ID", Format.text(token.path("id")))
                .add("Name", Format.text(token.path("name")))
                .add("Scopes", Format.list(token.path("scopes")))
                .add("Expires", Format.time(token.path("expires_at"), "never"))
                .print(out);
    }
}
