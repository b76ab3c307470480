package org.latchkey.git;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * A git request's body as JGit reads it: gzip undone here rather than by JGit, so that the limit
 * counts what is parsed, not what was sent; and no more than {@code limit} bytes of it (git
 * http-backend buffers at most 10 MiB of an upload-pack negotiation the same way).
 */
final class GitBody extends HttpServletRequestWrapper {

    /** The most an upload-pack request (wants, haves and capabilities) may hold once ungzipped. */
    static final long MAX_UPLOAD_PACK_BYTES = 10L * 1024 * 1024;

    private final boolean gzip;
    private final long limit;
    private final boolean push;
    private ServletInputStream body;

    private GitBody(HttpServletRequest request, boolean gzip, long limit, boolean push) {
        super(request);
        this.gzip = gzip;
        this.limit = limit;
        this.push = push;
    }

    /**
     * The request with its body decoded ({@code encoding} is gzip, x-gzip, identity or null) and
     * limited: an upload-pack body to {@link #MAX_UPLOAD_PACK_BYTES}, a receive-pack body's pack to
     * {@link PackHeaderGuard#MAX_OBJECTS} objects.
     */
    static GitBody of(HttpServletRequest request, String encoding, String endpoint) {
        boolean upload = endpoint.equals("git-upload-pack");
        return new GitBody(request, encoding != null && encoding.endsWith("gzip"), upload ? MAX_UPLOAD_PACK_BYTES
                : Long.MAX_VALUE, endpoint.equals("git-receive-pack"));
    }

    /** Whether git's smart HTTP body may come in this Content-Encoding. */
    static boolean supported(String encoding) {
        return encoding == null || encoding.equals("gzip") || encoding.equals("x-gzip") || encoding.equals("identity");
    }

    @Override
    public String getHeader(String name) {
        return "Content-Encoding".equalsIgnoreCase(name) ? null : super.getHeader(name);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (body == null) {
            InputStream raw = super.getInputStream();
            InputStream decoded = gzip ? new GZIPInputStream(raw) : raw;
            body = new Limited(push ? new PackHeaderGuard(decoded) : decoded, limit);
        }
        return body;
    }

    /** A body larger than a limit (HTTP 413). */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            this("the request body is over " + limit / (1024 * 1024) + " MiB");
        }

        TooLarge(String reason) {
            super(reason);
        }
    }

    /** Reads at most {@code limit} bytes, then fails with {@link TooLarge}. */
    private static final class Limited extends ServletInputStream {
        private final InputStream in;
        private final long limit;
        private long read;
        private boolean finished;

        Limited(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n < 0) {
                finished = true;
                return n;
            }
            read += n;
            if (read > limit) {
                throw new TooLarge(limit);
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return finished;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new IllegalStateException("git bodies are read blocking");
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
