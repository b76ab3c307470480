package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code latchkey org …}: organisations, and what their owners do about the tokens acting on them.
 * Members and the token policy have their own classes ({@link OrgMemberCommand}, {@link OrgPolicyCommand}).
 */
@Command(name = "org", mixinStandardHelpOptions = true,
        description = {"Manage organisations: members, token policy, token approval, tokens and audit log.",
                "Uses LATCHKEY_TOKEN when set (it needs admin:org to create, read:org to list), else the session."},
        subcommands = {OrgCommand.Create.class, OrgCommand.ListOrgs.class, OrgCommand.Show.class,
                OrgMemberCommand.class, OrgMemberCommand.ListMembers.class, OrgPolicyCommand.class,
                OrgCommand.Requests.class, OrgCommand.Approve.class, OrgCommand.Deny.class, OrgCommand.Tokens.class,
                OrgCommand.Revoke.class, OrgCommand.Audit.class})
final class OrgCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code /api/v1/orgs/ORG}, the login encoded. */
    static String path(String org) {
        return "/api/v1/orgs/" + UrlPath.segment("organisation", org);
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an organisation; you become its owner.")
    static final class Create implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "LOGIN", description = "Letters, digits and single hyphens, 1 to 39 characters.")
        String login;

        @Override
        public Integer call() {
            JsonNode org = client.authenticated().post("/api/v1/orgs", ApiClient.JSON.createObjectNode().put("login", login)).body();
            client.done(org, "Created organisation " + Format.text(org.path("login")) + "; you are its owner.");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the organisations you belong to.")
    static final class ListOrgs implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            client.printTable(client.authenticated().get("/api/v1/user/orgs").body(), new Table("LOGIN", "ID", "CREATED"),
                    (table, org) -> table.row(Format.text(org.path("login")), Format.text(org.path("id")),
                            Format.time(org.path("created_at"), "")));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one organisation.")
    static final class Show implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ORG", description = "The organisation's login.")
        String org;

        @Override
        public Integer call() {
            JsonNode shown = client.authenticated().get(path(org)).body();
            client.print(shown, out -> new Fields().add("Login", Format.text(shown.path("login")))
                    .add("ID", Format.text(shown.path("id")))
                    .add("Created", Format.time(shown.path("created_at"), "-"))
                    .print(out));
            return 0;
        }
    }

    @Command(name = "requests", mixinStandardHelpOptions = true,
            description = {"List the fine-grained tokens waiting for an owner's approval (owners only).",
                    "Approve with latchkey org approve ORG ID, or deny with latchkey org deny ORG ID --reason TEXT."})
    static final class Requests implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ORG", description = "The organisation's login.")
        String org;

        @Override
        public Integer call() {
            printTokens(client, client.authenticated().get(path(org) + "/token-requests").body());
            return 0;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approve a fine-grained token's request to act on the organisation (owners only).")
    static final class Approve implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(index = "0", paramLabel = "ORG", description = "The organisation's login.")
        String org;

        @Parameters(index = "1", paramLabel = "TOKEN_ID", description = "The token's id, as org requests shows it.")
        long id;

        @Override
        public Integer call() {
            JsonNode token = client.authenticated().post(path(org) + "/token-requests/" + id + "/approve", null).body();
            client.done(token, "Approved " + describe(token) + " on " + org + ".");
            return 0;
        }
    }

    @Command(name = "deny", mixinStandardHelpOptions = true,
            description = {"Deny a fine-grained token's request to act on the organisation (owners only).",
                    "The reason is shown to the token's user whenever the token is refused."})
    static final class Deny implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(index = "0", paramLabel = "ORG", description = "The organisation's login.")
        String org;

        @Parameters(index = "1", paramLabel = "TOKEN_ID", description = "The token's id, as org requests shows it.")
        long id;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the token's user.")
        String reason;

        @Override
        public Integer call() {
            if (reason.isBlank()) {
                throw CliFailure.invalid("--reason must say why, for the token's user");
            }
            JsonNode token = client.authenticated().post(path(org) + "/token-requests/" + id + "/deny",
                    ApiClient.JSON.createObjectNode().put("reason", reason)).body();
            client.done(token, "Denied " + describe(token) + " on " + org + ": " + reason);
            return 0;
        }
    }

    @Command(name = "tokens", mixinStandardHelpOptions = true,
            description = {"List the live fine-grained tokens that may act on the organisation (owners only).",
                    "Whoever's they are: approved, or needing no approval."})
    static final class Tokens implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ORG", description = "The organisation's login.")
        String org;

        @Override
        public Integer call() {
            printTokens(client, client.authenticated().get(path(org) + "/tokens").body());
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Revoke a fine-grained token that names the organisation, whoever's it is (owners only).",
                    "It stops working everywhere, not only on the organisation."})
    static final class Revoke implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(index = "0", paramLabel = "ORG", description = "The organisation's login.")
        String org;

        @Parameters(index = "1", paramLabel = "TOKEN_ID", description = "The token's id, as org tokens shows it.")
        long id;

        @Override
        public Integer call() {
            client.authenticated().post(path(org) + "/tokens/" + id + "/revoke", null);
            client.say("Token " + id + " revoked.");
            return 0;
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = "Show the latest events of the organisation's audit log (owners only).")
    static final class Audit implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ORG", description = "The organisation's login.")
        String org;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "30",
                description = "How many events (default: ${DEFAULT-VALUE}; more than " + AuditCommand.MAX_PAGE + " are fetched page by page).")
        int limit;

        @Override
        public Integer call() {
            AuditCommand.print(client, AuditCommand.latest(client.authenticated(), path(org) + "/audit-log", limit));
            return 0;
        }
    }

    private static void printTokens(ClientOptions client, JsonNode tokens) {
        client.printTable(tokens, TokenView.orgTable(), TokenView::addOrgRow);
    }

    /** {@code token 7 'ci' of bob}. */
    private static String describe(JsonNode token) {
        return "token " + Format.text(token.path("id")) + " '" + Format.text(token.path("name")) + "'"
                + (token.hasNonNull("owner") ? " of " + Format.text(token.path("owner")) : "");
    }
}
