package org.latchkey.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.latchkey.ApiClient;
import org.latchkey.ServerProcess;
import org.latchkey.account.FirstAdmin;
import org.latchkey.crypto.ServerKey;
import org.latchkey.store.TestDatabases;
import org.latchkey.store.TestDatabases.PostgresUrl;

/**
 * {@code latchkey serve} nodes, each a JVM of its own (so a test can {@code kill -9} or {@code kill
 * -STOP} it), on one fresh PostgreSQL schema and one shared repositories and packages directory,
 * behind a real nginx (Debian's package) that balances round robin over them, skips a node that
 * refuses or times out ({@code proxy_next_upstream error timeout}), passes {@code X-Forwarded-For}
 * (the nodes trust 127.0.0.1 as their proxy) and names the node that answered in {@code
 * X-Upstream}. A node's notification listener is found in {@code pg_stat_activity} by the node's
 * id. Skips, saying so, without nginx.
 */
final class NginxCluster implements AutoCloseable {

    private final Path root;
    private final PostgresUrl database;
    private final List<ServerProcess> nodes = new ArrayList<>();
    private Process nginx;
    private int port;

    private NginxCluster(Path root, PostgresUrl database) {
        this.root = root;
        this.database = database;
    }

    /** Starts {@code size} nodes with these extra {@code serve} options, then nginx in front of them. */
    static NginxCluster start(int size, String... options) throws Exception {
        Nginx.assumeInstalled();
        NginxCluster cluster = new NginxCluster(Files.createTempDirectory("latchkey-cluster-"), TestDatabases.freshPostgresUrl());
        try {
            Files.createDirectories(cluster.root.resolve("shared/repositories"));
            Files.createDirectories(cluster.root.resolve("shared/packages"));
            cluster.nodes.add(cluster.startNode(0, options));
            List<CompletableFuture<ServerProcess>> others = IntStream.range(1, size)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> cluster.startNode(i, options))).toList();
            others.forEach(node -> cluster.nodes.add(node.join()));
            cluster.startNginx();
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private ServerProcess startNode(int index, String... options) {
        try {
            Path data = Files.createDirectories(root.resolve("node" + index));
            if (index > 0) {
                Files.copy(root.resolve("node0").resolve(ServerKey.FILE_NAME), data.resolve(ServerKey.FILE_NAME));
            }
            List<String> all = new ArrayList<>(List.of("--trusted-proxy", "127.0.0.1",
                    "--repositories", root.resolve("shared/repositories").toString(),
                    "--packages", root.resolve("shared/packages").toString()));
            all.addAll(List.of(options));
            return ServerProcess.start(data, database.url(), all.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void startNginx() throws IOException, InterruptedException {
        Path prefix = Files.createDirectories(root.resolve("nginx"));
        port = freePort();
        StringBuilder upstreams = new StringBuilder();
        for (ServerProcess node : nodes) {
            upstreams.append("        server ").append(hostPort(node)).append(" max_fails=1 fail_timeout=5s;\n");
        }
        Files.writeString(prefix.resolve("nginx.conf"), """
                daemon off;
                master_process off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    keepalive_requests 1000000;
                    upstream latchkey {
                %3$s        keepalive 32;
                    }
                    server {
                        listen 127.0.0.1:%2$d;
                        client_max_body_size 0;
                        location / {
                            proxy_pass http://latchkey;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header Host $http_host;
                            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                            proxy_next_upstream error timeout;
                            proxy_connect_timeout 1s;
                            proxy_read_timeout 60s;
                            proxy_request_buffering off;
                            proxy_buffering off;
                            add_header X-Upstream $upstream_addr always;
                        }
                    }
                }
                """.formatted(prefix, port, upstreams));
        nginx = new ProcessBuilder(Nginx.NGINX.toString(), "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(prefix.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            if (!nginx.isAlive()) {
                throw new IllegalStateException("nginx exited: " + Files.readString(prefix.resolve("stdout.log"))
                        + Files.readString(prefix.resolve("error.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("nginx did not listen on " + port + " within 10 s");
                }
                Thread.sleep(20);
            }
        }
    }

    int size() {
        return nodes.size();
    }

    ServerProcess node(int index) {
        return nodes.get(index);
    }

    /** The node nginx names in {@code X-Upstream} (its last address, after any it skipped), or -1. */
    int nodeAt(String upstream) {
        if (upstream == null) {
            return -1;
        }
        String[] tried = upstream.split(",\\s*");
        String last = tried[tried.length - 1].strip();
        for (int i = 0; i < nodes.size(); i++) {
            if (hostPort(nodes.get(i)).equals(last)) {
                return i;
            }
        }
        return -1;
    }

    /** nginx's base URL. */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    ApiClient viaNginx() {
        return new ApiClient(url());
    }

    String repositories() {
        return root.resolve("shared/repositories").toString();
    }

    Path temp() {
        return root;
    }

    String adminPassword() throws IOException {
        return Files.readString(root.resolve("node0").resolve(FirstAdmin.PASSWORD_FILE)).strip();
    }

    String signInAdmin() throws IOException {
        return nodes.get(0).client().signIn(FirstAdmin.LOGIN, adminPassword());
    }

    /** The node's id in the node table (asked of the node itself). */
    String nodeId(int node, String adminAuthorization) {
        for (JsonNode row : nodes.get(node).client().get("/api/v1/admin/nodes", adminAuthorization).json()) {
            if (row.get("self").asBoolean()) {
                return row.get("id").asText();
            }
        }
        throw new AssertionError("node " + node + " does not list itself");
    }

    /** The node's row in the node table, as node 0 lists it. */
    JsonNode nodeRow(int node, String adminAuthorization) {
        String address = nodes.get(node).client().baseUrl();
        for (JsonNode row : nodes.get(0).client().get("/api/v1/admin/nodes", adminAuthorization).json()) {
            if (row.get("address").asText().equals(address)) {
                return row;
            }
        }
        throw new AssertionError("node 0 does not list node " + node + " at " + address);
    }

    /** The PostgreSQL backend process of the node's notification listener (waits up to 10 s for it to connect). */
    long listenerBackend(int node, String adminAuthorization) throws InterruptedException {
        String id = nodeId(node, adminAuthorization);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (int pid = TestDatabases.listenerBackend(id); ; pid = TestDatabases.listenerBackend(id)) {
            if (pid != 0) {
                return pid;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("node " + node + " has no listener connection");
            }
            Thread.sleep(20);
        }
    }

    /** Ends the node's listener connection as an administrator would ({@code pg_terminate_backend}). */
    void terminateListener(int node, String adminAuthorization) throws InterruptedException {
        listenerBackend(node, adminAuthorization);
        if (!TestDatabases.terminateListener(nodeId(node, adminAuthorization))) {
            throw new AssertionError("node " + node + "'s listener connection was not ended");
        }
    }

    /** What PostgreSQL says a backend is doing (application, state, last query, when it started), for failure messages. */
    String backendActivity(long pid) {
        try (Connection connection = database.user() == null ? DriverManager.getConnection(database.url())
                : DriverManager.getConnection(database.url(), database.user(), database.password());
             PreparedStatement query = connection.prepareStatement("SELECT application_name, state, wait_event,"
                     + " left(query, 60) AS query, backend_start, state_change FROM pg_stat_activity WHERE pid = ?")) {
            query.setInt(1, (int) pid);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? "backend " + pid + " [" + row.getString(1) + ", " + row.getString(2) + ", waiting for "
                        + row.getString(3) + ", last query '" + row.getString(4) + "', started " + row.getString(5)
                        + ", state since " + row.getString(6) + "]" : "backend " + pid + " [gone]";
            }
        } catch (SQLException e) {
            return "backend " + pid + " [" + e.getMessage() + "]";
        }
    }

    /** The last invalidation sequence taken ({@code invalidation_clock}), for failure messages. */
    long invalidationSequence() throws SQLException {
        try (Connection connection = database.user() == null ? DriverManager.getConnection(database.url())
                : DriverManager.getConnection(database.url(), database.user(), database.password());
             PreparedStatement query = connection.prepareStatement("SELECT seq FROM invalidation_clock WHERE id = 1");
             ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Whether this PostgreSQL backend is a process on this machine that this test may signal. */
    static boolean isLocalPostgres(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"))).contains("postgres");
        } catch (IOException e) {
            return false;
        }
    }

    private static String hostPort(ServerProcess node) {
        return node.client().baseUrl().substring("http://".length());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(5, TimeUnit.SECONDS)) {
                nginx.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        for (ServerProcess node : nodes) {
            if (ProcessHandle.of(node.pid()).isPresent()) {
                node.signal("CONT");
            }
            node.close();
        }
        database.close();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // A temporary directory left behind harms nothing.
        }
    }
}
