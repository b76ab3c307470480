package org.latchkey.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code curl}, trusting only a test's certificate authority ({@code --cacert}), with
 * no configuration or proxy of the machine's; answers the last response's status, protocol
 * version, headers and body.
 */
public final class Curl {

    /** What curl got (the last response when it followed redirects), or its exit code and error. */
    public record Result(int exitCode, String version, int status, String headers, String body, String error) {
        /** The first value of a header, or null. */
        public String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(line -> line.substring(prefix.length()).strip()).findFirst().orElse(null);
        }
    }

    private final Path caFile;

    public Curl(Path caFile) {
        this.caFile = caFile;
    }

    public Result run(String... args) {
        List<String> command = new ArrayList<>(List.of("curl", "-q", "--silent", "--show-error", "--include",
                "--max-time", "30", "--noproxy", "*", "--cacert", caFile.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.toLowerCase(Locale.ROOT).endsWith("_proxy")
                || name.startsWith("CURL"));
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            String error = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("curl did not finish");
            }
            return parse(process.exitValue(), new String(out, StandardCharsets.UTF_8), error);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Result parse(int exitCode, String out, String error) {
        String rest = out;
        String head = "";
        while (rest.startsWith("HTTP/")) {
            int end = rest.indexOf("\r\n\r\n");
            head = end < 0 ? rest : rest.substring(0, end);
            rest = end < 0 ? "" : rest.substring(end + 4);
        }
        if (head.isEmpty()) {
            return new Result(exitCode, null, 0, "", rest, error);
        }
        String[] statusLine = head.lines().findFirst().orElseThrow().split(" ");
        String version = statusLine[0].substring("HTTP/".length());
        return new Result(exitCode, version, Integer.parseInt(statusLine[1]), head, rest, error);
    }
}
