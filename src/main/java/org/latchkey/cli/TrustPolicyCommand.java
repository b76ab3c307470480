package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code latchkey trust-policy create|list|show|delete}: the trust policies ("trusted publishers")
 * of the signed-in user, or with {@code --org} of an organisation they own, by which CI jobs get
 * short-lived job tokens without a stored secret.
 */
@Command(name = "trust-policy", mixinStandardHelpOptions = true,
        description = {"Manage trust policies: which CI jobs (an OIDC issuer and the claims of its ID tokens) get a"
                + " short-lived job token, for which repositories and packages.", "Needs a signed-in session (latchkey login)."},
        subcommands = {TrustPolicyCommand.Create.class, TrustPolicyCommand.ListPolicies.class, TrustPolicyCommand.Show.class,
                TrustPolicyCommand.Delete.class, TrustPolicyCommand.Why.class})
final class TrustPolicyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String path(String org) {
        return (org == null ? "/api/v1/user" : OrgCommand.path(org)) + "/trust-policies";
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a trust policy from options or from a JSON file (--file, the API's body).",
                    "GitHub Actions: --claim repository=OWNER/REPO --claim repository_owner_id=ID; GitLab:"
                            + " --claim project_path=GROUP/PROJECT --claim namespace_id=ID; other issuers: --claim sub=…",
                    "Example: latchkey trust-policy create release --issuer https://token.actions.githubusercontent.com"
                            + " --claim repository=acme/app --claim repository_owner_id=4242 --claim ref='refs/tags/v*'"
                            + " --repo app --contents write --package @acme/app --packages write"})
    static final class Create implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "NAME", arity = "0..1", description = "The policy's name (unique per owner).")
        String name;

        @Mixin
        OwnerOption owner;

        @Option(names = "--file", paramLabel = "FILE", description = "A JSON file with the policy; options given too override it.")
        Path file;

        @Option(names = "--issuer", paramLabel = "URL", description = "The CI system's OIDC issuer, as its tokens' iss says.")
        String issuer;

        @Option(names = "--claim", paramLabel = "NAME=VALUE", description = "A claim the job's ID token must have; a trailing"
                + " * matches a prefix (ref=refs/tags/v*). Repeatable.")
        List<String> claims = new ArrayList<>();

        @Option(names = "--repo", paramLabel = "NAME", description = "A repository of the owner the job may reach. Repeatable.")
        List<String> repositories = new ArrayList<>();

        @Option(names = "--package", paramLabel = "@SCOPE/NAME", description = "An npm package (or @scope/* for all) the job may"
                + " publish, existing or not yet. Repeatable.")
        List<String> packages = new ArrayList<>();

        @Option(names = "--contents", paramLabel = "read|write", description = "git fetch (read) or push (write) on the repositories.")
        String contents;

        @Option(names = "--packages", paramLabel = "read|write", description = "npm install (read) or publish (write) of the packages.")
        String packageLevel;

        @Option(names = "--lifetime", paramLabel = "MINUTES", description = "How long a job token lives: 1 to 60 (default 15).")
        Integer lifetime;

        @Override
        public Integer call() {
            ObjectNode body = file == null ? ApiClient.JSON.createObjectNode() : read(file);
            if (name != null) {
                body.put("name", name);
            }
            if (issuer != null) {
                body.put("issuer", issuer);
            }
            if (!claims.isEmpty()) {
                ObjectNode rules = body.putObject("claims");
                for (String claim : claims) {
                    int equals = claim.indexOf('=');
                    if (equals <= 0) {
                        throw CliFailure.invalid("--claim takes NAME=VALUE, not '" + claim + "'");
                    }
                    rules.put(claim.substring(0, equals), claim.substring(equals + 1));
                }
            }
            addAll(body, "repositories", repositories);
            addAll(body, "packages", packages);
            if (contents != null || packageLevel != null) {
                ObjectNode permissions = body.putObject("permissions");
                if (contents != null) {
                    permissions.put("contents", contents);
                }
                if (packageLevel != null) {
                    permissions.put("packages", packageLevel);
                }
            }
            if (lifetime != null) {
                body.put("lifetime_minutes", lifetime);
            }
            JsonNode created = client.session().post(path(owner.org), body).body();
            client.print(created, out -> {
                out.println("Created trust policy " + Format.text(created.path("name")) + " (id "
                        + Format.text(created.path("id")) + ") of " + Format.text(created.path("owner")) + ".");
                print(out, created);
            });
            return 0;
        }

        private static void addAll(ObjectNode body, String field, List<String> values) {
            if (!values.isEmpty()) {
                ArrayNode array = body.putArray(field);
                values.forEach(array::add);
            }
        }

        private static ObjectNode read(Path file) {
            try {
                JsonNode node = ApiClient.JSON.readTree(Files.readString(file));
                if (!(node instanceof ObjectNode object)) {
                    throw CliFailure.invalid(file + " does not hold a JSON object");
                }
                return object;
            } catch (IOException e) {
                throw CliFailure.invalid("cannot read " + file + " as JSON: " + e.getClass().getSimpleName());
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the trust policies of you or an organisation.")
    static final class ListPolicies implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Mixin
        OwnerOption owner;

        @Override
        public Integer call() {
            client.printTable(client.session().get(path(owner.org)).body(),
                    new Table("ID", "NAME", "ISSUER", "CLAIMS", "REPOSITORIES", "PACKAGES", "PERMISSIONS", "MINUTES"),
                    (table, policy) -> table.row(Format.text(policy.path("id")), Format.text(policy.path("name")),
                            Format.text(policy.path("issuer")), Format.pairs(policy.path("claims")),
                            Format.list(policy.path("repositories")), Format.list(policy.path("packages")),
                            Format.pairs(policy.path("permissions")), Format.text(policy.path("lifetime_minutes"))));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one trust policy.")
    static final class Show implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID", description = "The policy's id (see: trust-policy list).")
        long id;

        @Mixin
        OwnerOption owner;

        @Override
        public Integer call() {
            JsonNode policy = client.session().get(path(owner.org) + "/" + id).body();
            client.print(policy, out -> print(out, policy));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a trust policy; the live job tokens it minted are revoked.")
    static final class Delete implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID", description = "The policy's id (see: trust-policy list).")
        long id;

        @Mixin
        OwnerOption owner;

        @Override
        public Integer call() {
            client.session().delete(path(owner.org) + "/" + id);
            client.say("Deleted trust policy " + id + ".");
            return 0;
        }
    }

    @Command(name = "why", mixinStandardHelpOptions = true,
            description = {"Explain a refused exchange by its request id.",
                    "Shows which claim of the job's ID token did not match which of your (or the organisation's)",
                    "trust policies, as the security log recorded it."})
    static final class Why implements Callable<Integer> {

        private static final int PAGES = 20;

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "REQUEST_ID", description = "The request id the refused job was given.")
        String requestId;

        @Mixin
        OwnerOption owner;

        @Override
        public Integer call() {
            ApiClient api = client.authenticated();
            String log = (owner.org == null ? "/api/v1/user" : OrgCommand.path(owner.org)) + "/audit-log?per_page=100";
            String before = "";
            for (int page = 0; page < PAGES; page++) {
                JsonNode events = api.get(log + before).body();
                for (JsonNode event : events) {
                    JsonNode details = event.path("details");
                    if ("trust_policy.no_match".equals(event.path("action").asText())
                            && requestId.equals(details.path("request_id").asText())) {
                        explain(event, details);
                        return 0;
                    }
                }
                if (events.size() < 100) {
                    break;
                }
                before = "&before=" + events.get(events.size() - 1).path("id").asText();
            }
            throw new CliFailure(ExitCode.NOT_FOUND, "no refused exchange with request id " + requestId + " in the security log of "
                    + (owner.org == null ? "your account" : owner.org) + " (recent events only)");
        }

        private void explain(JsonNode event, JsonNode details) {
            if (client.json()) {
                client.printJson(event);
                return;
            }
            new Fields().add("Request", requestId).add("At", Format.time(event.path("at"), ""))
                    .add("Job", Format.text(details.path("job"))).add("Issuer", Format.text(details.path("issuer")))
                    .add("Subject", Format.text(details.path("subject"))).print(client.out());
            for (String policy : details.path("explanation").asText().split(" \\| ")) {
                client.out().println("  " + policy);
            }
            client.out().flush();
        }
    }

    static void print(PrintWriter out, JsonNode policy) {
        new Fields().add("Id", Format.text(policy.path("id")))
                .add("Name", Format.text(policy.path("name")))
                .add("Owner", Format.text(policy.path("owner")))
                .add("Issuer", Format.text(policy.path("issuer")) + " (" + Format.text(policy.path("provider")) + ")")
                .add("Claims", Format.pairs(policy.path("claims")))
                .add("Repositories", Format.list(policy.path("repositories")))
                .add("Packages", Format.list(policy.path("packages")))
                .add("Permissions", Format.pairs(policy.path("permissions")))
                .add("Lifetime", Format.text(policy.path("lifetime_minutes")) + " minutes")
                .print(out);
    }
}
