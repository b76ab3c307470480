package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code latchkey package …}: the npm packages Latchkey hosts (publishing is npm's job). */
@Command(name = "package", mixinStandardHelpOptions = true,
        description = {"List the npm packages you may read.",
                "Publish and install them with npm: see README \"Publishing packages\"."},
        subcommands = {PackageCommand.ListPackages.class})
final class PackageCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List your packages, or an organisation's.")
    static final class ListPackages implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Option(names = "--org", paramLabel = "ORG", description = "List this organisation's packages instead.")
        String org;

        @Override
        public Integer call() {
            JsonNode packages = client.authenticated().get(org == null ? "/api/v1/user/packages"
                    : OrgCommand.path(org) + "/packages").body();
            if (client.json()) {
                client.printJson(packages);
                return 0;
            }
            Table table = new Table("NAME", "VISIBILITY", "LATEST", "VERSIONS", "UPDATED");
            packages.forEach(pkg -> table.row(Format.text(pkg.path("name")), Format.text(pkg.path("visibility")),
                    Format.text(pkg.path("dist_tags").path("latest")), versions(pkg.path("versions")),
                    Format.time(pkg.path("updated_at"), "")));
            table.print(client.out());
            return 0;
        }

        private static String versions(JsonNode versions) {
            List<String> all = new ArrayList<>();
            versions.forEach(version -> all.add(Format.text(version)));
            return String.join(", ", all);
        }
    }
}
