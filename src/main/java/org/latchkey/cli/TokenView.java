package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** How a token from the server's JSON is shown to people: a table row, its details, a new secret. */
final class TokenView {

    static final String COPY_WARNING = "Make sure to copy your token now. You won't be able to see it again.";

    private TokenView() {
    }

    static Table table() {
        return new Table("ID", "NAME", "TYPE", "ACCESS", "EXPIRES", "LAST USED", "STATE");
    }

    static void addRow(Table table, JsonNode token) {
        table.row(Format.text(token.path("id")), Format.text(token.path("name")), type(token), access(token),
                Format.time(token.path("expires_at"), "never"), Format.time(token.path("last_used_at"), "never"),
                Format.text(token.path("state")));
    }

    /** The tokens acting on an organisation, as its owners see them. */
    static Table orgTable() {
        return new Table("ID", "NAME", "USER", "TYPE", "ACCESS", "EXPIRES", "LAST USED");
    }

    static void addOrgRow(Table table, JsonNode token) {
        table.row(Format.text(token.path("id")), Format.text(token.path("name")), Format.text(token.path("owner")),
                type(token), access(token), Format.time(token.path("expires_at"), "never"),
                Format.time(token.path("last_used_at"), "never"));
    }

    static void printDetails(PrintWriter out, JsonNode token) {
        Fields fields = new Fields()
                .add("ID", Format.text(token.path("id")))
                .add("Name", Format.text(token.path("name")))
                .add("Description", Format.text(token.path("description")))
                .add("Type", type(token));
        if (token.hasNonNull("owner")) {
            fields.add("User", Format.text(token.path("owner")));
        }
        addAccess(fields, token);
        fields.add("Created", Format.time(token.path("created_at"), "-"))
                .add("Expires", Format.time(token.path("expires_at"), "never"));
        if (token.has("state")) {
            fields.add("State", Format.text(token.path("state")))
                    .add("Last used", Format.time(token.path("last_used_at"), "never"))
                    .add("Last used from", Format.list(token.path("last_used_ips")));
        }
        if (token.path("revoked").asBoolean(false)) {
            fields.add("Revoked", Format.time(token.path("revoked_at"), "yes"));
        }
        if (token.hasNonNull("suspended_at")) {
            fields.add("Suspended", Format.time(token.path("suspended_at"), "yes") + " by " + Format.text(token.path("suspended_by")));
        }
        fields.print(out);
    }

    /** The secret once, with the warning, then what the token may do and until when. */
    static void printNewSecret(PrintWriter out, JsonNode token) {
        out.println(COPY_WARNING);
        out.println();
        out.println(token.path("token").asText());
        out.println();
        Fields fields = new Fields()
                .add("ID", Format.text(token.path("id")))
                .add("Name", Format.text(token.path("name")));
        addAccess(fields, token);
        fields.add("Expires", Format.time(token.path("expires_at"), "never")).print(out);
        for (JsonNode resource : token.path("resources")) {
            if (resource.path("approval").asText().equals("pending")) {
                out.println();
                out.println("An owner of " + Format.text(resource.path("owner")) + " must approve this token before it acts on "
                        + Format.text(resource.path("owner")) + "'s private repositories (they see it in: latchkey org requests "
                        + Format.text(resource.path("owner")) + ").");
            }
        }
        out.flush();
    }

    static boolean isFineGrained(JsonNode token) {
        return token.path("type").asText().equals("fine_grained") || token.has("resources");
    }

    /** classic, fine-grained: the server's type with a hyphen, as {@code --type} takes it. */
    static String type(JsonNode token) {
        return Format.text(token.path("type")).replace('_', '-');
    }

    /** Classic: its scopes. Fine-grained: its permissions on its resources, e.g. {@code contents=write on acme:api}. */
    static String access(JsonNode token) {
        if (!isFineGrained(token)) {
            return Format.list(token.path("scopes"));
        }
        List<String> resources = new ArrayList<>();
        token.path("resources").forEach(resource -> resources.add(resource(resource)
                + (notUsable(resource) ? " (" + Format.text(resource.path("approval")) + ")" : "")));
        return Format.pairs(token.path("permissions")) + " on " + String.join(" ", resources);
    }

    private static void addAccess(Fields fields, JsonNode token) {
        if (!isFineGrained(token)) {
            fields.add("Scopes", Format.list(token.path("scopes")));
            return;
        }
        fields.add("Permissions", Format.pairs(token.path("permissions")));
        List<String> resources = new ArrayList<>();
        token.path("resources").forEach(resource -> resources.add(resource(resource) + approval(resource)));
        fields.addLines("Resources", resources);
    }

    /** {@code acme:all}, {@code acme:public} or {@code acme:api,web}, as {@code --resource} takes it. */
    static String resource(JsonNode resource) {
        JsonNode repositories = resource.path("repositories");
        String selection = repositories.isArray() ? String.join(",", Format.items(repositories)) : Format.text(repositories);
        return Format.text(resource.path("owner")) + ":" + selection;
    }

    private static boolean notUsable(JsonNode resource) {
        String approval = resource.path("approval").asText("not_required");
        return approval.equals("pending") || approval.equals("denied");
    }

    /** What an owner decided about this resource, when its approval is needed. */
    static String approval(JsonNode resource) {
        String owner = Format.text(resource.path("owner"));
        String by = Format.text(resource.path("decided_by"));
        String at = Format.time(resource.path("decided_at"), "");
        return switch (resource.path("approval").asText("not_required")) {
            case "pending" -> "  (awaiting approval by an owner of " + owner + ")";
            case "approved" -> "  (approved" + (by.isEmpty() ? "" : " by " + by) + (at.isEmpty() ? "" : " on " + at) + ")";
            case "denied" -> "  (denied" + (by.isEmpty() ? "" : " by " + by) + (at.isEmpty() ? "" : " on " + at)
                    + (resource.hasNonNull("reason") ? ": " + Format.text(resource.path("reason")) : "") + ")";
            default -> "";
        };
    }
}
