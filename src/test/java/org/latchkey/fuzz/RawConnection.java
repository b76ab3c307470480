package org.latchkey.fuzz;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One keep-alive HTTP/1.1 connection from a chosen loopback source address, writing requests byte
 * for byte as given (so malformed request lines and headers reach the server) and reading answers
 * by their Content-Length or chunks. Answers are capped at 1 MiB of body.
 */
final class RawConnection implements AutoCloseable {

    private static final int MAX_BODY = 1024 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** What the server answered; {@code closed} when it closed the connection after it. */
    record Answer(int status, Map<String, String> headers, byte[] body, boolean closed) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    RawConnection(String sourceAddress, int port) throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress(sourceAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
    }

    /** Writes the request (head and body as given) and reads one answer; null when the server closed without one. */
    Answer exchange(byte[] request, boolean head) throws IOException {
        try {
            out.write(request);
            out.flush();
        } catch (IOException closedWhileWriting) {
            // the server may answer (413, 400) and close before reading everything: read what it said
        }
        String statusLine = line();
        while (statusLine != null && statusLine.isEmpty()) {
            statusLine = line();
        }
        if (statusLine == null) {
            return null;
        }
        if (!statusLine.matches("HTTP/1\\.[01] \\d{3}( .*)?")) {
            throw new IOException("not an HTTP answer: " + FuzzRequest.printable(statusLine, 100));
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = headers();
        if (status < 200) {
            return exchangeRest(head);
        }
        byte[] body = head || status == 204 || status == 304 ? new byte[0] : body(headers);
        boolean closed = "close".equalsIgnoreCase(headers.get("connection"));
        return new Answer(status, headers, body, closed);
    }

    private Answer exchangeRest(boolean head) throws IOException {
        return exchange(new byte[0], head);
    }

    private Map<String, String> headers() throws IOException {
        Map<String, String> headers = new TreeMap<>();
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.merge(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip(),
                        (a, b) -> a + ", " + b);
            }
        }
        return headers;
    }

    private byte[] body(Map<String, String> headers) throws IOException {
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            return chunked();
        }
        String length = headers.get("content-length");
        if (length != null) {
            int n = Integer.parseInt(length);
            byte[] body = in.readNBytes(Math.min(n, MAX_BODY));
            in.skipNBytes(n - body.length);
            return body;
        }
        return in.readNBytes(MAX_BODY);
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(line().split(";")[0].strip(), 16);
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (body.size() < MAX_BODY) {
                body.write(chunk);
            }
            line();
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
