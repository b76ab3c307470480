package org.latchkey.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real nginx (Debian's package) on a free 127.0.0.1 port, in a temporary prefix of its own (its
 * configuration, pid, logs and temp files; one process, no root needed), serving {@code
 * /private/index.html} only to requests that Latchkey's {@code /api/v1/auth/check} lets through
 * with the given {@code X-Latchkey-Required-Scope}. Tests that need it skip, saying so, without it.
 */
final class Nginx implements AutoCloseable {

    static final Path NGINX = Path.of("/usr/sbin/nginx");
    static final String PAGE = "the protected page\n";

    private final Process process;
    private final Path prefix;
    private final int port;

    private Nginx(Process process, Path prefix, int port) {
        this.process = process;
        this.prefix = prefix;
        this.port = port;
    }

    /** Starts nginx in front of Latchkey at {@code latchkeyPort}, or skips the test when nginx is not installed. */
    static Nginx start(int latchkeyPort, String requiredScope) {
        assumeInstalled();
        try {
            Path prefix = Files.createTempDirectory("latchkey-nginx-");
            Files.createDirectories(prefix.resolve("www/private"));
            Files.writeString(prefix.resolve("www/private/index.html"), PAGE);
            int port = freePort();
            Files.writeString(prefix.resolve("nginx.conf"), config(prefix, port, latchkeyPort, requiredScope));
            Process process = new ProcessBuilder(NGINX.toString(), "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf").toString())
                    .redirectErrorStream(true).redirectOutput(prefix.resolve("stdout.log").toFile()).start();
            Nginx nginx = new Nginx(process, prefix, port);
            nginx.awaitListening();
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skips the calling test, saying so loudly, when nginx is not installed. */
    static void assumeInstalled() {
        boolean installed = Files.isExecutable(NGINX);
        if (!installed) {
            System.err.println("\n*** NGINX TESTS SKIPPED: " + NGINX + " is missing. Install it with: apt-get install -y nginx ***\n");
        }
        Assumptions.assumeTrue(installed, "nginx is not installed (" + NGINX + "): apt-get install -y nginx (.ci/run installs it)");
    }

    /** The configuration the README shows, with this test's prefix and ports. */
    private static String config(Path prefix, int port, int latchkeyPort, String requiredScope) {
        return """
                daemon off;
                master_process off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                events { worker_connections 64; }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    default_type text/plain;
                    server {
                        listen 127.0.0.1:%2$d;
                        root %1$s/www;

                        location /private/ {
                            auth_request /latchkey-check;
                            auth_request_set $latchkey_user $upstream_http_x_latchkey_user;
                            auth_request_set $latchkey_retry_after $upstream_http_retry_after;
                            add_header X-User $latchkey_user;
                            add_header Retry-After $latchkey_retry_after always;
                        }

                        location = /latchkey-check {
                            internal;
                            proxy_pass http://127.0.0.1:%3$d/api/v1/auth/check;
                            proxy_pass_request_body off;
                            proxy_set_header Content-Length "";
                            proxy_set_header X-Latchkey-Required-Scope %4$s;
                            proxy_set_header X-Latchkey-Required-Permission "";
                            proxy_set_header X-Original-URI $request_uri;
                            proxy_set_header X-Original-Method $request_method;
                            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        }
                    }
                }
                """.formatted(prefix, port, latchkeyPort, requiredScope);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    String errorLog() {
        try {
            return Files.readString(prefix.resolve("error.log"));
        } catch (IOException e) {
            return "(no error log: " + e + ")";
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ": " + output());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        close();
        throw new IllegalStateException("nginx did not listen on " + port + " within 10 s: " + output());
    }

    private String output() {
        try {
            return Files.readString(prefix.resolve("stdout.log")) + errorLog();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(prefix)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // A temporary directory left behind harms nothing.
        }
    }
}
