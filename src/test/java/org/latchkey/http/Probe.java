package org.latchkey.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * GET requests on one kept-alive HTTP/1.1 connection from a chosen loopback address (127.x.y.z),
 * buffered, for load: each answer is its status and the {@code X-Upstream} header nginx adds (the
 * node that answered). A connection the server closed is opened again for the next request; a
 * request that got no answer is status 0.
 */
final class Probe implements AutoCloseable {

    /** One answer: the status (0: none) and the upstream node nginx chose (null: direct). */
    record Answer(int status, String upstream) {
    }

    private final URI base;
    private final InetAddress from;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    Probe(String baseUrl, InetAddress from, int timeoutMillis) {
        this.base = URI.create(baseUrl);
        this.from = from;
        this.timeoutMillis = timeoutMillis;
    }

    Answer get(String path, String authorization) {
        try {
            if (socket == null) {
                open();
            }
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nAuthorization: " + authorization
                    + "\r\nUser-Agent: latchkey-cluster-test\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read();
        } catch (IOException e) {
            close();
            return new Answer(0, null);
        }
    }

    private Answer read() throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        int length = 0;
        boolean closing = false;
        String upstream = null;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).strip();
            String value = header.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(value);
            } else if (name.equalsIgnoreCase("Connection")) {
                closing = value.equalsIgnoreCase("close");
            } else if (name.equalsIgnoreCase("X-Upstream")) {
                upstream = value;
            }
        }
        in.skipNBytes(length);
        if (closing) {
            close();
        }
        return new Answer(status, upstream);
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the server closed the connection");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private void open() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        in = new BufferedInputStream(socket.getInputStream(), 8192);
        out = new BufferedOutputStream(socket.getOutputStream(), 1024);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing to do
            }
            socket = null;
        }
    }
}
