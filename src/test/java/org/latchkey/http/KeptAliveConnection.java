package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One kept-alive HTTP/1.1 connection on which requests go one after another, optionally from a
 * chosen local address (any of 127.0.0.0/8 on loopback), which the JDK's HTTP client cannot choose.
 */
final class KeptAliveConnection implements AutoCloseable {

    private final Socket socket;
    private final String host;

    KeptAliveConnection(String baseUrl) throws IOException {
        this(baseUrl, null);
    }

    /** A connection from {@code from} (null: whichever address the system picks). */
    KeptAliveConnection(String baseUrl, InetAddress from) throws IOException {
        URI uri = URI.create(baseUrl);
        this.socket = new Socket();
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0));
        }
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 20_000);
        this.host = uri.getAuthority();
        socket.setSoTimeout(20_000);
    }

    /** Sends a GET and returns the status line and headers, having read the whole answer. */
    String get(String path, String authorization) throws IOException {
        return get(path, authorization, null);
    }

    /** Sends a GET with an Authorization header or a Cookie header (null: none) and returns the head. */
    String get(String path, String authorization, String cookie) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + (cookie == null ? "" : "Cookie: " + cookie + "\r\n")
                + "User-Agent: latchkey-test\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        int length = contentLength(head);
        assertThat(in.readNBytes(length)).hasSize(length);
        return head;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection; it must be kept alive");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                return Integer.parseInt(line.substring(15).strip());
            }
        }
        throw new AssertionError("every answer here has a Content-Length: " + head);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
