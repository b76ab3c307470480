package org.latchkey.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;

/** Drives a TestServer as an OAuth app and its user would: registering apps, the consent page with a session cookie, the token endpoint. */
final class OAuthHarness {

    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    static final String VERIFIER = "dBjftJeZ4CVP-mJ92K27uhbUJU1p1r_wW1gFWFOEjXk-verifier";
    private static final String BOB_PASSWORD = "a long password for bob";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final TestServer server;

    OAuthHarness(TestServer server) {
        this.server = server;
    }

    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sessions of an organisation's owner and member, as {@link #acmeWithMemberBob()} makes them. */
    record OrgMembers(String admin, String bob) {
    }

    /** An organisation acme owned by the administrator, with a new user bob as its member; both signed in. */
    OrgMembers acmeWithMemberBob() {
        String admin = server.signInAdmin();
        server.client().createUser(admin, "bob", BOB_PASSWORD);
        String bob = server.signIn("bob", BOB_PASSWORD);
        server.send("POST", "/api/v1/orgs", "token " + admin, "{\"login\":\"acme\"}");
        server.send("PUT", "/api/v1/orgs/acme/members/bob", "token " + admin, "{\"role\":\"member\"}");
        return new OrgMembers(admin, bob);
    }

    JsonNode register(String session, String body) {
        Response created = server.send("POST", "/api/v1/user/oauth-apps", "token " + session, body);
        if (created.status() != 201) {
            throw new AssertionError(created.status() + " " + created.body());
        }
        return created.json();
    }

    JsonNode publicApp(String session, String... callbacks) {
        return register(session, "{\"name\":\"Native tool\",\"homepage_url\":\"https://tool.example\",\"callback_urls\":"
                + json(callbacks) + ",\"confidential\":false}");
    }

    JsonNode confidentialApp(String session, String... callbacks) {
        return register(session, "{\"name\":\"Web service\",\"homepage_url\":\"https://web.example\",\"callback_urls\":"
                + json(callbacks) + ",\"confidential\":true}");
    }

    private static String json(String[] values) {
        StringBuilder out = new StringBuilder("[");
        for (String value : values) {
            out.append(out.length() > 1 ? "," : "").append('"').append(value).append('"');
        }
        return out.append(']').toString();
    }

    /** GET /login/oauth/authorize with the given query and the session as cookie (null for none). */
    Response authorize(String session, String query) {
        return server.client().send("GET", "/login/oauth/authorize?" + query,
                session == null ? Map.of() : Map.of("Cookie", "latchkey_session=" + session), null);
    }

    /** POSTs the consent form of a consent page, with the decision. */
    Response decide(String session, Response page, String decision) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher inputs = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"").matcher(page.body());
        while (inputs.find()) {
            fields.put(inputs.group(1), unescape(inputs.group(2)));
        }
        fields.put("decision", decision);
        return postForm("/login/oauth/authorize", Map.of("Cookie", "latchkey_session=" + session), fields);
    }

    static String csrf(Response page) {
        Matcher matcher = CSRF.matcher(page.body());
        if (!matcher.find()) {
            throw new AssertionError("no CSRF field in " + page.body());
        }
        return matcher.group(1);
    }

    Response postForm(String path, Map<String, String> headers, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", "application/x-www-form-urlencoded");
        return server.client().send("POST", path, all, HttpRequest.BodyPublishers.ofString(form(fields)));
    }

    /** The token endpoint, answering JSON. */
    Response token(Map<String, String> fields) {
        return postForm("/login/oauth/access_token", Map.of("Accept", "application/json"), fields);
    }

    /** Authorizes with PKCE (approving the consent page when shown) and returns the code. */
    String code(String session, String clientId, String redirectUri, String scope) {
        String query = "client_id=" + clientId + "&redirect_uri=" + enc(redirectUri) + "&scope=" + enc(scope)
                + "&state=xyz&code_challenge=" + challenge(VERIFIER) + "&code_challenge_method=S256";
        Response page = authorize(session, query);
        Response answer = page.status() == 200 ? decide(session, page, "approve") : page;
        String location = answer.header("Location");
        if (location == null || !location.contains("code=")) {
            throw new AssertionError(answer.status() + " " + location + " " + answer.body());
        }
        return query(location).get("code");
    }

    JsonNode exchange(String clientId, String code, String redirectUri) {
        Response answer = token(Map.of("grant_type", "authorization_code", "client_id", clientId, "code", code,
                "redirect_uri", redirectUri, "code_verifier", VERIFIER));
        if (answer.status() != 200) {
            throw new AssertionError(answer.status() + " " + answer.body());
        }
        return answer.json();
    }

    /** Asks for a device code, which must be given. */
    JsonNode startDevice(String clientId, String scope) {
        Response started = postForm("/login/device/code", Map.of("Accept", "application/json"),
                Map.of("client_id", clientId, "scope", scope));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        return started.json();
    }

    /** One poll of the token endpoint for a device code. */
    Response pollDevice(String clientId, String deviceCode) {
        return token(Map.of("grant_type", DEVICE_GRANT, "client_id", clientId, "device_code", deviceCode));
    }

    /** The device page as the session's user sees it, which must be shown. */
    Response devicePage(String session) {
        Response page = server.client().send("GET", "/login/device", cookie(session), null);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page;
    }

    static Map<String, String> cookie(String session) {
        return Map.of("Cookie", "latchkey_session=" + session);
    }

    static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        String query = URI.create(url).getRawQuery();
        if (query == null) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    static String form(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((name, value) -> out.append(out.length() > 0 ? "&" : "").append(enc(name)).append('=')
                .append(enc(value)));
        return out.toString();
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&#39;", "'");
    }
}
