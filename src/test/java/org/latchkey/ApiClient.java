package org.latchkey;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.latchkey.TestServer.Response;

/**
 * Speaks HTTP to a Latchkey server at a base URL, in this JVM or another: the JDK client for
 * ordinary requests, a raw socket for requests the JDK client refuses to send.
 */
public final class ApiClient {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;

    public ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Signs in and returns the session secret. */
    public String signIn(String login, String password) {
        Response response = send("POST", "/api/v1/session", null,
                "{\"username\":\"" + login + "\",\"password\":\"" + password + "\"}");
        if (response.status() != 201) {
            throw new AssertionError("sign-in failed: " + response.status() + " " + response.body());
        }
        return response.json().get("token").asText();
    }

    /** Creates a classic token with the given JSON request and returns the whole response body. */
    public JsonNode createToken(String session, String requestJson) {
        Response response = send("POST", "/api/v1/user/tokens", "token " + session, requestJson);
        if (response.status() != 201) {
            throw new AssertionError("token creation failed: " + response.status() + " " + response.body());
        }
        return response.json();
    }

    /** Creates a user as an admin and returns the response body. */
    public JsonNode createUser(String adminSession, String login, String password) {
        Response response = send("POST", "/api/v1/admin/users", "token " + adminSession,
                "{\"username\":\"" + login + "\",\"password\":\"" + password + "\",\"email\":\"" + login + "@example.com\"}");
        if (response.status() != 201) {
            throw new AssertionError("user creation failed: " + response.status() + " " + response.body());
        }
        return response.json();
    }

    public Response get(String path, String authorization) {
        return send("GET", path, authorization, null);
    }

    public Response send(String method, String path, String authorization, String body) {
        return send(method, path, authorization == null ? Map.of() : Map.of("Authorization", authorization),
                body == null ? null : HttpRequest.BodyPublishers.ofString(body));
    }

    /** Sends with the given headers (besides User-Agent unless given, and Content-Type when there is a body). */
    public Response send(String method, String path, Map<String, String> headers, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(20))
                .header("User-Agent", "latchkey-test")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        headers.forEach(request::setHeader);
        if (body != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends a request no well-behaved client would send, on a new connection. {@code head} is the
     * request line and header lines, each ending in CRLF (see {@link #head}); {@code Host} and
     * {@code Connection: close} are added. The body, if not null, is written from another thread
     * while the answer is read, so an answer given before the body is read is still heard; 1xx
     * answers are skipped.
     */
    public Response sendRaw(byte[] head, byte[] body) {
        URI uri = URI.create(baseUrl);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.write(("Host: " + uri.getAuthority() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (body != null) {
                Thread writer = new Thread(() -> {
                    try {
                        out.write(body);
                        out.flush();
                    } catch (IOException closedByServer) {
                        // the server answered without reading it all: the answer is what matters
                    }
                }, "raw-body-writer");
                writer.setDaemon(true);
                writer.start();
            }
            return parse(readAnswer(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request line and header lines as the bytes {@link #sendRaw} wants. */
    public static byte[] head(String requestLine, String... headerLines) {
        StringBuilder head = new StringBuilder(requestLine).append("\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads until the server closes, or until a reset once something was read. */
    private static byte[] readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                answer.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            if (answer.size() == 0) {
                throw reset;
            }
        }
        return answer.toByteArray();
    }

    private static Response parse(byte[] raw) {
        int end = indexOf(raw, new byte[] {'\r', '\n', '\r', '\n'}, 0);
        while (end >= 0 && raw.length > 12 && raw[9] == '1') {
            raw = Arrays.copyOfRange(raw, end + 4, raw.length);
            end = indexOf(raw, new byte[] {'\r', '\n', '\r', '\n'}, 0);
        }
        String[] lines = new String(raw, 0, end < 0 ? raw.length : end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        byte[] body = end < 0 ? new byte[0] : Arrays.copyOfRange(raw, end + 4, raw.length);
        if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) {
            body = unchunk(body);
        }
        return new Response(status, HttpHeaders.of(headers, (name, value) -> true), new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOf(chunked, CRLF, at);
            String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int size = Integer.parseInt(sizeLine.split(";")[0].strip(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        for (int i = from; i <= haystack.length - needle.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
