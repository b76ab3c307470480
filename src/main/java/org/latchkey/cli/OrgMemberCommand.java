package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code latchkey org member add|remove} and {@code latchkey org members}: who belongs to an organisation. */
@Command(name = "member", mixinStandardHelpOptions = true,
        description = "Add or remove an organisation's members (owners only).",
        subcommands = {OrgMemberCommand.Add.class, OrgMemberCommand.Remove.class})
final class OrgMemberCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static String path(String org, String user) {
        return OrgCommand.path(org) + "/members/" + UrlPath.segment("user name", user);
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a user to an organisation, or change a member's role.",
                    "Owners manage members, policy and tokens; members use the organisation's repositories."})
    static final class Add implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(index = "0", paramLabel = "ORG", description = "The organisation's login.")
        String org;

        @Parameters(index = "1", paramLabel = "USER", description = "The user's login.")
        String user;

        @Option(names = "--role", paramLabel = "ROLE", defaultValue = "member",
                description = "owner or member (default: ${DEFAULT-VALUE}).")
        String role;

        @Override
        public Integer call() {
            String wanted = role.trim().toLowerCase(Locale.ROOT);
            if (!wanted.equals("owner") && !wanted.equals("member")) {
                throw CliFailure.invalid("--role must be owner or member, not '" + role + "'");
            }
            JsonNode member = client.authenticated().put(path(org, user), ApiClient.JSON.createObjectNode().put("role", wanted))
                    .body();
            String login = member.hasNonNull("login") ? Format.text(member.path("login")) : user;
            String given = member.hasNonNull("role") ? Format.text(member.path("role")) : wanted;
            client.done(member, login + " is " + (given.equals("owner") ? "an owner" : "a member") + " of " + org + ".");
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = {"Remove a member from an organisation.",
                    "Their tokens stop reaching its private repositories at once. The last owner cannot be removed."})
    static final class Remove implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(index = "0", paramLabel = "ORG", description = "The organisation's login.")
        String org;

        @Parameters(index = "1", paramLabel = "USER", description = "The member's login.")
        String user;

        @Override
        public Integer call() {
            client.authenticated().delete(path(org, user));
            if (!client.json()) {
                client.out().println("Removed " + user + " from " + org + ".");
                client.out().flush();
            }
            return 0;
        }
    }

    @Command(name = "members", mixinStandardHelpOptions = true, description = "List an organisation's members and their roles.")
    static final class ListMembers implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ORG", description = "The organisation's login.")
        String org;

        @Override
        public Integer call() {
            JsonNode members = client.authenticated().get(OrgCommand.path(org) + "/members").body();
            if (client.json()) {
                client.printJson(members);
                return 0;
            }
            Table table = new Table("LOGIN", "ROLE", "SINCE");
            members.forEach(member -> table.row(Format.text(member.path("login")), Format.text(member.path("role")),
                    Format.time(member.path("since"), "")));
            table.print(client.out());
            return 0;
        }
    }
}
