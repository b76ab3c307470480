package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/**
 * The API reference at {@code /docs/api}: an HTML page on which every {@code documentation_url}
 * the server can write lands on its code, and the Markdown for clients that ask for it.
 */
class ApiDocsTest {

    private static final String CODE = "([a-z][a-z0-9]*(?:_[a-z0-9]+)*)";
    private static final Path SOURCES = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "src/main/java");

    /** Where the server's sources name an error code: each pattern's group 1 is one. */
    private static final List<Pattern> CODE_SITES = List.of(
            Pattern.compile("Refusal\\.(?:of\\(\\s*(?:Refusal\\.)?Kind\\.\\w+\\s*,|badInput\\(|notFound\\(|conflict\\(|tooLarge\\(|tryLater\\()\\s*\"" + CODE + "\""),
            Pattern.compile("(?:super|new \\w+|AccessDenied\\.of)\\(\\s*(?:Refusal\\.)?Kind\\.\\w+\\s*,\\s*\"" + CODE + "\""),
            Pattern.compile("(?:new (?:Denial|InvalidField|AuthenticationFailed|PackageNotFound)|Denial\\.of|forbidden|unauthenticated)"
                    + "\\(\\s*(?:\\w+\\s*,\\s*)?\"" + CODE + "\""),
            Pattern.compile("case \\d+ -> \"" + CODE + "\""));
    private static final Pattern CONSTANT = Pattern.compile("static final String \\w+ = \"" + CODE + "\";");
    private static final Pattern SEND = Pattern.compile("send\\(ctx,[^;]*;");
    private static final Pattern LITERAL = Pattern.compile("\"" + CODE + "\"");

    @Test
    void every_error_links_to_its_code_on_the_served_page() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            Response refused = server.get("/api/v1/user", "token nonsense");
            String docsUrl = refused.json().get("documentation_url").asText();
            Response page = server.get("/docs/api", null);

            assertThat(docsUrl).isEqualTo(server.baseUrl() + "/docs/api#bad_credentials");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'");
            assertThat(page.body()).contains("<link rel=\"stylesheet\" href=\"/static/web.css\">")
                    .contains("<h3 id=\"bad_credentials\">bad_credentials</h3>")
                    .contains("<h3 id=\"least-privilege-advice\">Least-privilege advice</h3>")
                    .contains("<code>GET /user/tokens/{id}/advice?days=30</code>")
                    .contains("<table>");
        }
    }

    @Test
    void a_client_asking_for_markdown_gets_the_markdown() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            Response asked = send(server, "text/markdown");
            Response preferred = send(server, "text/html;q=0.5, text/markdown");
            Response browser = send(server, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
            Response htmlPreferred = send(server, "text/markdown;q=0.2, text/html");
            Response file = server.get("/docs/api.md", null);

            for (Response markdown : List.of(asked, preferred, file)) {
                assertThat(markdown.status()).isEqualTo(200);
                assertThat(markdown.header("Content-Type")).startsWith("text/markdown");
                assertThat(markdown.body()).startsWith("# Latchkey REST API (v1)").contains("### bad_credentials");
            }
            assertThat(browser.header("Content-Type")).startsWith("text/html");
            assertThat(htmlPreferred.header("Content-Type")).startsWith("text/html");
            assertThat(asked.header("Vary")).contains("Accept");
        }
    }

    @Test
    void every_code_the_server_can_answer_with_is_an_anchor_on_the_page_exactly_once() {
        String html = ApiDocs.load().page();
        Set<String> codes = codesInSources();
        List<String> missing = new ArrayList<>();
        for (String code : codes) {
            int count = html.split("id=\"" + Pattern.quote(ApiDocs.anchor(code)) + "\"", -1).length - 1;
            if (count != 1) {
                missing.add(code + " (" + count + ")");
            }
        }

        assertThat(codes).as("codes read from the sources").hasSizeGreaterThan(50)
                .contains("bad_credentials", "insufficient_scope", "not_found", "invalid", "missing_field", "internal_error",
                        "headers_too_large", "requires_authentication", "org_not_found", "two_factor_required", "invalid_otp");
        assertThat(missing).as("codes without exactly one anchor on /docs/api").isEmpty();
        assertThat(ApiDocs.anchor("http_414")).isEqualTo("errors");
    }

    @Test
    void every_id_on_the_page_is_unique() {
        Matcher ids = Pattern.compile(" id=\"([^\"]+)\"").matcher(ApiDocs.load().page());
        List<String> all = new ArrayList<>();
        while (ids.find()) {
            all.add(ids.group(1));
        }

        assertThat(all).hasSizeGreaterThan(50).doesNotHaveDuplicates();
    }

    @Test
    void raw_html_and_script_links_in_the_markdown_are_not_passed_through() {
        String html = ApiDocs.render("# Title\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
                + "Inline <b onclick=\"x()\">bold</b> and [a link](javascript:alert(1)).\n");

        assertThat(html).doesNotContain("<script>alert").doesNotContain("<img").doesNotContain("<b onclick")
                .doesNotContain("href=\"javascript:").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void the_accept_header_chooses_markdown_only_when_it_ranks_it_at_least_as_high_as_html() {
        assertThat(ApiDocs.wantsMarkdown(null)).isFalse();
        assertThat(ApiDocs.wantsMarkdown("*/*")).isFalse();
        assertThat(ApiDocs.wantsMarkdown("TEXT/MARKDOWN")).isTrue();
        assertThat(ApiDocs.wantsMarkdown("text/markdown;q=0")).isFalse();
        assertThat(ApiDocs.wantsMarkdown("text/markdown;q=nonsense")).isFalse();
        assertThat(ApiDocs.wantsMarkdown("text/markdown; charset=utf-8, text/html")).isTrue();
    }

    private static Response send(TestServer server, String accept) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/docs/api"))
                        .header("Accept", accept).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers(), response.body());
    }

    /** Every error code a route, a refusal or Jetty's error handler can write, as the sources name them. */
    static Set<String> codesInSources() {
        Set<String> codes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> !path.toString().contains("/cli/")).toList()) {
                String source = Files.readString(file);
                for (Pattern site : CODE_SITES) {
                    site.matcher(source).results().forEach(match -> codes.add(match.group(1)));
                }
                String name = file.getFileName().toString();
                if (name.matches("(Refusal|\\w+Refusals|Denial|InvalidField)\\.java")) {
                    CONSTANT.matcher(source).results().forEach(match -> codes.add(match.group(1)));
                }
                SEND.matcher(source).results().forEach(statement ->
                        LITERAL.matcher(statement.group()).results().forEach(match -> codes.add(match.group(1))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return codes;
    }
}
