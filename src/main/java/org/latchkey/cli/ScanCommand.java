package org.latchkey.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.latchkey.scan.Finding;
import org.latchkey.scan.GitHistoryScanner;
import org.latchkey.scan.LeakScanner;
import org.latchkey.scan.ScanReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code latchkey scan}: finds leaked secrets in files, a git repository's history or standard
 * input. Secrets are never printed, only their first characters and a SHA-256 fingerprint;
 * {@code --revoke} sends the Latchkey tokens found to a server's leak report endpoint.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Find leaked tokens: Latchkey's own (checksum-verified) and GitHub, GitLab, npm and AWS access key formats.",
                "Exits 1 when it finds any, 0 when it finds none."})
final class ScanCommand implements Callable<Integer> {

    static final String REVOKE_PATH = "/api/v1/credentials/revoke";
    static final java.util.Map<String, String> EXIT_CODES = exitCodes();
    private static final int BATCH = 1000;

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Files or directories to scan (default: the current directory); with --git, repositories.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--git", description = "Scan every blob in the history of the repository (all refs), not the files.")
    boolean git;

    @Option(names = "--stdin", description = "Scan standard input.")
    boolean stdin;

    @Option(names = "--all", description = "Scan binary files too (skipped by default: a NUL byte in the first 8 KiB).")
    boolean binaryToo;

    @Option(names = "--json", description = "Print JSON instead of a table, for scripts.")
    boolean json;

    @Option(names = "--revoke", paramLabel = "URL",
            description = "Send the Latchkey tokens found to this server's revocation endpoint, which revokes the live ones.")
    String revoke;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String server = revoke == null ? null : ClientOptions.normalise(revoke);
        ScanReport report = scan();
        Integer sent = server == null ? null : send(server, report);
        if (json) {
            printJson(report, server, sent);
        } else {
            printTable(report, server, sent);
        }
        return report.findings().isEmpty() ? ExitCode.OK.code() : 1;
    }

    private ScanReport scan() throws IOException {
        if (stdin && (git || !paths.isEmpty())) {
            throw CliFailure.invalid("--stdin scans standard input only: give no PATH and no --git");
        }
        LeakScanner scanner = new LeakScanner(binaryToo);
        if (stdin) {
            return scanner.scanStream(environment().stdin(), "-");
        }
        List<Path> roots = paths.isEmpty() ? List.of(Path.of(".")) : paths;
        for (Path root : roots) {
            if (!java.nio.file.Files.exists(root)) {
                throw CliFailure.invalid("no such file or directory: " + root);
            }
        }
        if (!git) {
            return scanner.scanPaths(roots);
        }
        if (roots.size() != 1) {
            throw CliFailure.invalid("--git scans one repository at a time");
        }
        try {
            return new GitHistoryScanner(scanner).scan(roots.get(0));
        } catch (IOException e) {
            throw CliFailure.invalid(e.getMessage());
        }
    }

    private int send(String server, ScanReport report) {
        Set<String> secrets = new LinkedHashSet<>();
        report.latchkeyTokens().forEach(finding -> secrets.add(finding.secret()));
        List<String> all = List.copyOf(secrets);
        ApiClient api = ApiClient.anonymous(server);
        for (int from = 0; from < all.size(); from += BATCH) {
            ObjectNode body = ApiClient.JSON.createObjectNode();
            ArrayNode credentials = body.putArray("credentials");
            all.subList(from, Math.min(all.size(), from + BATCH)).forEach(credentials::add);
            body.put("source", "latchkey scan");
            api.post(REVOKE_PATH, body);
        }
        return all.size();
    }

    private void printTable(ScanReport report, String server, Integer sent) {
        PrintWriter out = spec.commandLine().getOut();
        if (!report.findings().isEmpty()) {
            Table table = new Table("LOCATION", "KIND", "CHECKSUM", "SECRET");
            for (Finding finding : report.findings()) {
                table.row(location(finding), finding.kind().wireName(), checksum(finding.checksumValid()), finding.masked());
            }
            table.print(out);
            out.println();
        }
        String where = stdin ? "on standard input" : "in " + count(report.scanned(), git ? "blob" : "file");
        out.println((report.findings().isEmpty() ? "No secrets found" : "Found " + count(report.findings().size(), "secret"))
                + " " + where
                + (report.skippedBinary() > 0 ? " (" + report.skippedBinary() + " binary skipped; --all scans them)" : "") + ".");
        if (sent != null) {
            out.println("Sent " + count(sent, "credential") + " to " + server + " for revocation.");
        }
        out.flush();
        report.unreadable().forEach(path -> spec.commandLine().getErr().println("latchkey: cannot read " + path));
        spec.commandLine().getErr().flush();
    }

    private void printJson(ScanReport report, String server, Integer sent) {
        ObjectNode root = ApiClient.JSON.createObjectNode();
        ArrayNode findings = root.putArray("findings");
        for (Finding finding : report.findings()) {
            ObjectNode node = findings.addObject();
            node.put("path", finding.path());
            if (finding.commit() != null) {
                node.put("commit", finding.commit());
            }
            node.put("line", finding.line());
            node.put("kind", finding.kind().wireName());
            if (finding.checksumValid() == null) {
                node.putNull("checksum_valid");
            } else {
                node.put("checksum_valid", finding.checksumValid());
            }
            node.put("secret", finding.masked());
            node.put("fingerprint", finding.fingerprint());
        }
        root.put(git ? "blobs_scanned" : "files_scanned", report.scanned());
        root.put("binary_skipped", report.skippedBinary());
        report.unreadable().forEach(root.putArray("unreadable")::add);
        if (sent != null) {
            root.putObject("revocation").put("url", server + REVOKE_PATH).put("sent", sent);
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            out.println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalStateException("cannot print JSON", e);
        }
        out.flush();
    }

    private static String location(Finding finding) {
        String place = finding.path() + ":" + finding.line();
        return finding.commit() == null ? place : finding.commit().substring(0, 10) + ":" + place;
    }

    private static String checksum(Boolean valid) {
        return valid == null ? "-" : valid ? "valid" : "invalid";
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static java.util.Map<String, String> exitCodes() {
        java.util.Map<String, String> codes = new java.util.LinkedHashMap<>();
        codes.put("0", "No secrets found.");
        codes.put("1", "Secrets found, or a failure such as an unreachable server for --revoke.");
        codes.put("2", "Bad command line, or a PATH that does not exist.");
        codes.put("6, 7", "--revoke: the server refused the report (HTTP 4xx) or rate-limited it (HTTP 429).");
        return codes;
    }

    private CliEnvironment environment() {
        return ((LatchkeyCommand) spec.root().userObject()).environment();
    }
}
