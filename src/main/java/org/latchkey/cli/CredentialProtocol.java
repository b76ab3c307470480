package org.latchkey.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Git's credential helper protocol ({@code git help credential}): {@code key=value} lines up to a
 * blank line or the end of input, and the answer to {@code get}. Known keys are {@code protocol},
 * {@code host}, {@code path}, {@code username}, {@code password} and {@code url}; any other key
 * ({@code capability[]}, {@code wwwauth[]}, {@code password_expiry_utc}, …) is ignored, as git's
 * own helpers do. A later line overrides an earlier one; {@code url} replaces everything before it.
 * Input that is not such lines is refused without echoing it, since it may hold a password.
 */
final class CredentialProtocol {

    static final int MAX_BYTES = 64 * 1024;

    private CredentialProtocol() {
    }

    static GitCredential read(InputStream in) {
        GitCredential credential = GitCredential.NONE;
        int total = 0;
        for (int number = 1; ; number++) {
            byte[] line = readLine(in, MAX_BYTES - total);
            if (line == null || line.length == 0) {
                return credential;
            }
            total += line.length + 1;
            credential = apply(credential, text(line, number), number);
        }
    }

    /** The answer to {@code get}: the username and password lines, nothing else. */
    static void answer(PrintWriter out, GitCredential found) {
        if (found.username() != null) {
            out.print("username=" + found.username() + "\n");
        }
        out.print("password=" + found.password() + "\n");
        out.flush();
    }

    private static GitCredential apply(GitCredential credential, String line, int number) {
        int equals = line.indexOf('=');
        if (equals < 0) {
            throw malformed("line " + number + " is not key=value");
        }
        if (equals == 0) {
            throw malformed("line " + number + " has an empty key");
        }
        String value = line.substring(equals + 1);
        return switch (line.substring(0, equals)) {
            case "protocol" -> credential.withProtocol(value);
            case "host" -> credential.withHost(value);
            case "path" -> credential.withPath(value.isEmpty() ? null : value);
            case "username" -> credential.withUsername(value);
            case "password" -> credential.withPassword(value);
            case "url" -> fromUrl(value, number);
            default -> credential;
        };
    }

    /** {@code protocol://[user[:password]@]host[:port][/path]}, percent-decoded, as git reads it. */
    static GitCredential fromUrl(String url, int number) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd <= 0) {
            throw malformed("the url on line " + number + " is not like https://host/path");
        }
        String rest = url.substring(schemeEnd + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? null : stripTrailingSlashes(rest.substring(slash + 1));
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? null : authority.substring(0, at);
        GitCredential credential = new GitCredential(url.substring(0, schemeEnd), decode(authority.substring(at + 1)),
                path == null || path.isEmpty() ? null : decode(path), null, null);
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            credential = colon < 0 ? credential.withUsername(decode(userInfo))
                    : credential.withUsername(decode(userInfo.substring(0, colon))).withPassword(decode(userInfo.substring(colon + 1)));
        }
        return credential;
    }

    private static String stripTrailingSlashes(String path) {
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(0, end);
    }

    /** Percent-decoding that leaves a malformed escape as it is, like git's. */
    private static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                bytes.write(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }

    /** One line without its end ({@code \n} or {@code \r\n}); null at the end of input. */
    private static byte[] readLine(InputStream in, int budget) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (line.size() >= budget) {
                    throw malformed("it is longer than " + MAX_BYTES + " bytes");
                }
                line.write(b);
            }
            if (b == -1 && line.size() == 0) {
                return null;
            }
        } catch (IOException e) {
            throw new CliFailure(ExitCode.GENERAL, "cannot read standard input: " + e.getMessage());
        }
        byte[] bytes = line.toByteArray();
        if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
            return java.util.Arrays.copyOf(bytes, bytes.length - 1);
        }
        return bytes;
    }

    private static String text(byte[] line, int number) {
        for (byte b : line) {
            if (b == 0) {
                throw malformed("line " + number + " contains a NUL byte");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("line " + number + " is not UTF-8");
        }
    }

    static CliFailure malformed(String why) {
        return CliFailure.invalid("malformed credential description: " + why);
    }
}
