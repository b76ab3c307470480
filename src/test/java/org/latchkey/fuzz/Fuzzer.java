package org.latchkey.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.latchkey.fuzz.ApiReference.Route;

/**
 * Makes random requests from one seeded {@link Random}: documented API and npm routes with their
 * placeholders filled by real or hostile values, git smart-HTTP requests, and now and then a
 * request line, path, header or body framing that no client should send.
 */
final class Fuzzer {

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE",
            "get", "FOO", "PROPFIND", "G\u00c9T", "GET\u0000");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
            "application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
            "multipart/form-data; boundary=x", "application/x-git-upload-pack-request", "application/x-git-receive-pack-request",
            "", "*/*", "application/json; charset=\u00e9", "application/\u0000json");
    private static final List<String> SEGMENTS = List.of("", "..", "%2e%2e", "%2F", "%00", "%", "%zz", "%C3%28", "%ff",
            ";x=1", "~", "%u0041", "\u00e9", "%E2%80%AE", "a%2Fb", "99999999999999999999", "-1", "0", "1.5", "1e3",
            "\uff11", "%EF%BC%91", "null", " ", "%20", "%0d%0aX:1", "*", "@", "@admin%2ftool", "@ADMIN%2Ftool", "x".repeat(3000));
    private static final List<String> GIT_ENDPOINTS = List.of("info/refs?service=git-upload-pack",
            "info/refs?service=git-receive-pack", "info/refs", "info/refs?service=bogus", "info/refs?service=",
            "git-upload-pack", "git-upload-pack", "git-upload-pack", "git-receive-pack", "git-receive-pack", "HEAD",
            "objects/info/packs", "objects/info/alternates", "objects/ab/cdef", "objects/pack/pack-x.pack");

    private final Random random;
    private final HostileJson json;
    private final HostileGit git;
    private final ApiReference reference;
    private final Targets targets;

    Fuzzer(long seed, ApiReference reference, Targets targets) {
        this.random = new Random(seed);
        this.json = new HostileJson(random);
        this.git = new HostileGit(random, json);
        this.reference = reference;
        this.targets = targets;
    }

    FuzzRequest next() {
        int kind = random.nextInt(100);
        FuzzRequest request = kind < 68 ? api() : kind < 78 ? npmPublish() : kind < 97 ? git() : oddRequestLine();
        return random.nextInt(40) == 0 ? misframed(request) : request;
    }

    private FuzzRequest api() {
        Route route = json.pick(reference.routes());
        String method = random.nextInt(8) == 0 ? json.pick(METHODS) : route.method();
        String target = mutatePath(fill(route.path())) + query();
        List<String> headers = headers(authorization());
        boolean bodyless = (method.equals("GET") || method.equals("HEAD")) && random.nextInt(5) > 0;
        byte[] body = bodyless ? new byte[0] : json.body(reference.fields());
        return new FuzzRequest(method, target, headers, body, false);
    }

    private FuzzRequest npmPublish() {
        String pkg = "@" + json.pick(targets.packages).replace("/", random.nextBoolean() ? "%2f" : "%2F");
        String target = "/npm/" + pkg + (random.nextInt(4) == 0 ? "/-rev/" + json.pick(List.of("1-x", "0", "%00", "")) : "");
        List<String> headers = headers(authorization());
        byte[] body = random.nextBoolean() ? json.body(List.of("_id", "name", "versions", "dist-tags", "_attachments", "access",
                "version", "dist", "integrity", "shasum", "tarball", "data", "content_type", "length", "latest", "readme"))
                : publishBody(pkg.replace("%2f", "/").replace("%2F", "/"));
        return new FuzzRequest("PUT", target, headers, body, false);
    }

    /** A publish body shaped as npm sends it, with random tarball bytes and checksums right or wrong. */
    private byte[] publishBody(String fullName) {
        String version = json.pick(List.of("1.0.0", "1.0." + random.nextInt(1000), "x", "", "1.0.0-\u00e9", "999999999999.0.0"));
        byte[] tarball = random.nextBoolean() ? git.gzip(json.bytes(random.nextInt(200))) : json.bytes(random.nextInt(200));
        String data = random.nextInt(6) == 0 ? "%%%not base64" : Base64.getEncoder().encodeToString(tarball);
        String name = HostileJson.quote(fullName);
        String file = HostileJson.quote(fullName + "-" + version + ".tgz");
        String v = HostileJson.quote(version);
        String body = "{\"_id\":" + name + ",\"name\":" + name + ",\"dist-tags\":{\"latest\":" + v + "},\"versions\":{" + v
                + ":{\"name\":" + name + ",\"version\":" + v + ",\"dist\":{\"integrity\":\"sha512-x\",\"shasum\":\"00\"}}},"
                + "\"access\":" + json.pick(List.of("null", "\"public\"", "\"restricted\"", "1")) + ",\"_attachments\":{" + file
                + ":{\"content_type\":\"application/octet-stream\",\"data\":\"" + data + "\",\"length\":"
                + json.pick(List.of(String.valueOf(tarball.length), "-1", "1e400", "\"x\"")) + "}}}";
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private FuzzRequest git() {
        String repository = random.nextInt(10) == 0 ? json.pick(SEGMENTS) + "/" + json.pick(SEGMENTS)
                : json.pick(targets.repositories) + (random.nextInt(8) == 0 ? "" : ".git");
        String endpoint = json.pick(GIT_ENDPOINTS);
        boolean service = endpoint.equals("git-upload-pack") || endpoint.equals("git-receive-pack");
        String method = random.nextInt(10) == 0 ? json.pick(METHODS) : service ? "POST" : "GET";
        List<String> headers = new ArrayList<>();
        String authorization = authorization();
        if (authorization != null) {
            headers.add("Authorization: " + asBasic(authorization));
        }
        headers.add("User-Agent: git/2.43.0");
        if (random.nextInt(3) == 0) {
            headers.add("Git-Protocol: " + json.pick(List.of("version=2", "version=1", "version=0", "version=99", "x")));
        }
        byte[] body = new byte[0];
        if (service || random.nextInt(4) == 0) {
            boolean push = endpoint.equals("git-receive-pack") || !service && random.nextBoolean();
            String type = "application/x-git-" + (push ? "receive" : "upload") + "-pack-request";
            headers.add("Content-Type: " + (random.nextInt(8) == 0 ? json.pick(CONTENT_TYPES) : type));
            body = push ? git.receivePackBody(targets.commits) : git.uploadPackBody(targets.commits);
            if (random.nextInt(6) == 0) {
                String encoding = json.pick(List.of("gzip", "gzip", "x-gzip", "deflate", "br", "gzip, gzip", "identity"));
                headers.add("Content-Encoding: " + encoding);
                body = encoding.contains("gzip") ? git.gzip(body) : body;
            }
        }
        return new FuzzRequest(method, "/" + repository + "/" + endpoint, headers, body, true);
    }

    /** A request whose request line itself is odd: bad paths, methods and targets outside the API. */
    private FuzzRequest oddRequestLine() {
        String target = json.pick(List.of("*", "http://127.0.0.1/api/v1/user", "//api/v1/user", "/api/v1/../v1/user",
                "/api/v1/user/tokens/%", "/api/v1/user/tokens/%00", "/%2e%2e/%2e%2e/etc/passwd", "/api/v2/user",
                "/api/v1/user?%", "/api/v1/user#frag", "/" + "a/".repeat(3000), "/npm/%40admin%2ftool", "/npm/",
                "/npm/@admin/tool/-/tool-1.0.0.tgz/-rev/1", "/docs/api", "/health", "/metrics", "/api/v1/user/\u00e9",
                "/api/v1/user/tokens?state=" + "x".repeat(9000), "/api/v1/\t/user"));
        return new FuzzRequest(json.pick(METHODS), target, headers(authorization()), new byte[0], false);
    }

    /** The same request with a framing a well-behaved client never sends; the connection is closed after it. */
    private FuzzRequest misframed(FuzzRequest request) {
        List<String> headers = new ArrayList<>(request.headers());
        headers.add("Connection: close");
        byte[] body = request.body();
        switch (random.nextInt(5)) {
            case 0 -> {
                headers.add("Transfer-Encoding: chunked");
                body = HostileGit.ascii(json.pick(List.of("zz\r\nabc\r\n0\r\n\r\n", "2\r\nabc\r\n0\r\n\r\n", "0\r\n\r\n",
                        "-1\r\nx\r\n0\r\n\r\n", "3;ext=\u0001\r\nabc\r\n0\r\n\r\n")));
            }
            case 1 -> headers.add("Content-Length: " + json.pick(List.of("-1", "abc", "1, 2", "99999999999999999999",
                    String.valueOf(body.length / 2))));
            case 2 -> headers.add(request.target().contains("git-receive-pack") ? "Expect: 100-continue"
                    : "Content-Length: " + json.pick(List.of("104857600", "2147483648")));
            case 3 -> headers.add("X-Big: " + "h".repeat(9000));
            default -> headers.add(json.pick(List.of("Bad Header: x", ": empty", "X-Ctl: a\u0001b", "Host: other",
                    "Expect: 100-continue", "Expect: bogus", "X-Forwarded-For: 1.2.3.4, ::1, garbage",
                    "Transfer-Encoding: gzip, chunked", "X-\u00e9: 1")));
        }
        boolean declaredLarge = headers.stream().anyMatch(h -> h.equals("Content-Length: 104857600")
                || h.equals("Content-Length: 2147483648"));
        return new FuzzRequest(request.method(), request.target(), headers, declaredLarge ? new byte[0] : body, request.git());
    }

    /** Live credentials more often than not, so that fuzzing reaches what lies behind authentication. */
    private String authorization() {
        return random.nextInt(10) < 6 ? targets.authorizations.get(random.nextInt(Targets.LIVE)) : json.pick(targets.authorizations);
    }

    private List<String> headers(String authorization) {
        List<String> headers = new ArrayList<>();
        if (authorization != null) {
            headers.add("Authorization: " + (random.nextInt(6) == 0 ? asBasic(authorization) : authorization));
        }
        headers.add("User-Agent: " + (random.nextInt(10) == 0 ? json.randomText(20).replaceAll("[\r\n]", "") : "fuzz/1"));
        if (random.nextInt(4) > 0) {
            headers.add("Content-Type: " + json.pick(CONTENT_TYPES));
        }
        if (random.nextInt(8) == 0) {
            headers.add("X-Forwarded-For: " + json.pick(List.of("203.0.113.9", "::1, 10.0.0.1", "", "unknown", "300.1.1.1",
                    "1.2.3.4, garbage, 127.1.0.1", "[::1]", "fe80::1%eth0", "1.2.3.4:80", "999999999999", "a".repeat(3000),
                    "0:0:0:0:0:0:0:1, 2001:db8::" + random.nextInt(100))));
            headers.add("X-Forwarded-Proto: " + json.pick(List.of("https", "HTTPS", "http", "gopher", "")));
        }
        if (random.nextInt(10) == 0) {
            headers.add(json.pick(List.of("Accept: text/html", "Accept: */*", "Accept-Encoding: gzip", "Cookie: latchkey_session="
                    + HostileJson.FAKE_TOKEN, "Origin: http://evil.example", "X-Forwarded-Proto: https", "Range: bytes=0-1",
                    "If-None-Match: *", "X-Latchkey-OTP: 123456")));
        }
        return headers;
    }

    /** A token header as git sends it: Basic with the secret as the password. */
    private String asBasic(String authorization) {
        if (!authorization.startsWith("token ") && !authorization.startsWith("Bearer ")) {
            return authorization;
        }
        String secret = authorization.substring(authorization.indexOf(' ') + 1);
        return "Basic " + Base64.getEncoder().encodeToString(("x-access-token:" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private String fill(String template) {
        String pkg = json.pick(targets.packages);
        String name = pkg.substring(pkg.indexOf('/') + 1);
        return template.replace("{id}", pickOr(targets.ids)).replace("{org}", pickOr(targets.orgs))
                .replace("{user}", pickOr(targets.logins)).replace("{login}", pickOr(targets.logins))
                .replace("@owner%2fname", "@" + pkg.replace("/", "%2f")).replace("@owner/name", "@" + pkg)
                .replace("name-VERSION.tgz", random.nextInt(4) == 0 ? hostileSegment() : name + "-1.0.0.tgz")
                .replace("REV", random.nextInt(4) == 0 ? hostileSegment() : "1-" + Integer.toHexString(random.nextInt()));
    }

    private String pickOr(List<String> values) {
        return random.nextInt(5) == 0 ? hostileSegment() : json.pick(values);
    }

    private String hostileSegment() {
        return random.nextBoolean() ? json.pick(SEGMENTS) : URLEncoder.encode(json.string(), StandardCharsets.UTF_8);
    }

    private String mutatePath(String path) {
        return switch (random.nextInt(20)) {
            case 0 -> path + "/";
            case 1 -> path + "/" + hostileSegment();
            case 2 -> path.replaceFirst("/[^/]*$", "/" + hostileSegment());
            case 3 -> path.replace("/api/v1/", "/api/v1//");
            case 4 -> path.toUpperCase(java.util.Locale.ROOT);
            default -> path;
        };
    }

    /**
     * A query value sent as is, but for line breaks: a CR or LF in the request line would split one
     * request into two on the wire, and the client would then read one answer as another's.
     */
    private static String unencoded(String value) {
        return value.replaceAll("[\r\n]", "");
    }

    private String query() {
        if (random.nextInt(3) > 0) {
            return "";
        }
        StringBuilder query = new StringBuilder("?");
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            String name = random.nextInt(6) == 0 ? json.string() : json.pick(reference.parameters());
            String value = random.nextInt(3) == 0 ? json.pick(List.of("1", "0", "-1", "100", "101", "30", "all", "active",
                    "allowed", "git", "2026-01-01T00:00:00Z", "admin/fuzz-public", "push", "pull", "admin")) : json.string();
            query.append(i == 0 ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(random.nextInt(20) == 0 ? unencoded(value) : URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return query.toString();
    }
}
