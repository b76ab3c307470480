package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code latchkey repo …}: create, list, show and delete the repositories Latchkey hosts. */
@Command(name = "repo", mixinStandardHelpOptions = true,
        description = {"Manage your hosted git repositories.",
                "With LATCHKEY_TOKEN: create needs repo (public_repo for --public), delete needs delete_repo;",
                "a fine-grained token needs administration=write on the owner."},
        subcommands = {RepoCommand.Create.class, RepoCommand.ListRepos.class, RepoCommand.Show.class,
                RepoCommand.Delete.class})
final class RepoCommand implements Runnable {

    static final String OWN_REPOS = "/api/v1/user/repos";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a repository (private unless --public) and print its clone URL.",
                    "For scripts: git clone \"$(latchkey repo create NAME)\"."})
    static final class Create implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "NAME", description = "Letters, digits, '.', '-' and '_'.")
        String name;

        @Option(names = "--public", description = "Anyone may clone it; only you may push.")
        boolean isPublic;

        @Option(names = "--description", paramLabel = "TEXT", description = "What the repository holds.")
        String description;

        @Option(names = "--org", paramLabel = "ORG", description = "Create it in this organisation (you must be one of its owners).")
        String org;

        @Override
        public Integer call() {
            ObjectNode body = ApiClient.JSON.createObjectNode().put("name", name).put("private", !isPublic);
            if (description != null) {
                body.put("description", description);
            }
            JsonNode repository = client.authenticated().post(repos(org), body).body();
            if (client.json()) {
                client.printJson(repository);
            } else {
                client.out().println(Format.text(repository.path("clone_url")));
                client.out().flush();
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List your repositories, or an organisation's.")
    static final class ListRepos implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Option(names = "--org", paramLabel = "ORG", description = "List this organisation's repositories instead.")
        String org;

        @Override
        public Integer call() {
            JsonNode repositories = client.authenticated().get(repos(org)).body();
            if (client.json()) {
                client.printJson(repositories);
                return 0;
            }
            Table table = new Table("NAME", "VISIBILITY", "CREATED", "DESCRIPTION");
            repositories.forEach(repository -> table.row(Format.text(repository.path("full_name")), visibility(repository),
                    Format.time(repository.path("created_at"), ""), Format.text(repository.path("description"))));
            table.print(client.out());
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one repository and its clone URL.")
    static final class Show implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "OWNER/NAME", description = "The repository, e.g. ada/website.")
        String fullName;

        @Override
        public Integer call() {
            JsonNode repository = client.authenticated().get(path(fullName)).body();
            if (client.json()) {
                client.printJson(repository);
                return 0;
            }
            new Fields()
                    .add("Name", Format.text(repository.path("full_name")))
                    .add("ID", Format.text(repository.path("id")))
                    .add("Visibility", visibility(repository))
                    .add("Description", Format.text(repository.path("description")))
                    .add("Created", Format.time(repository.path("created_at"), "-"))
                    .add("Clone URL", Format.text(repository.path("clone_url")))
                    .print(client.out());
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a repository and everything in it. There is no undo.")
    static final class Delete implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "OWNER/NAME", description = "The repository, e.g. ada/website.")
        String fullName;

        @Override
        public Integer call() {
            String path = path(fullName);
            client.authenticated().delete(path);
            if (!client.json()) {
                client.out().println("Repository " + fullName + " deleted.");
                client.out().flush();
            }
            return 0;
        }
    }

    /** Where the user's own repositories are, or an organisation's. */
    static String repos(String org) {
        return org == null ? OWN_REPOS : OrgCommand.path(org) + "/repos";
    }

    /** {@code /api/v1/repos/OWNER/NAME}, each part encoded; anything but two plain parts is a usage error. */
    static String path(String fullName) {
        String[] parts = fullName.split("/", -1);
        if (parts.length != 2 || !plain(parts[0]) || !plain(parts[1])) {
            throw CliFailure.invalid("'" + fullName + "' is not OWNER/NAME, e.g. ada/website");
        }
        return "/api/v1/repos/" + UrlPath.encode(parts[0]) + "/" + UrlPath.encode(parts[1]);
    }

    private static boolean plain(String part) {
        return !part.isBlank() && !part.equals(".") && !part.equals("..");
    }

    private static String visibility(JsonNode repository) {
        return repository.path("private").asBoolean(true) ? "private" : "public";
    }
}
