package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.account.FirstAdmin;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The consent page in a real headless Chromium: a native app's authorization request sends the
 * person to sign in and back, the page names the app, its owner and the scopes, approving lands on
 * the app's loopback callback with a code and the state, and Settings › Applications revokes it.
 */
class OAuthConsentBrowserTest {

    private static final String VERIFIER = "a-verifier-of-at-least-forty-three-characters-0123456789";

    @RegisterExtension
    final BrowserSession session = BrowserSession.onH2(test -> "oauth-consent-end");

    private TestServer server;
    private Browser browser;
    private WebDriver driver;
    private BrowserPages pages;
    private HttpServer callback;
    private final CopyOnWriteArrayList<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        browser = session.browser();
        driver = browser.driver;
        server = session.server();
        pages = session.page();
        callback = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        callback.createContext("/cb", exchange -> {
            received.add(exchange.getRequestURI().getRawQuery());
            byte[] page = "<html><body><h1 id=done>Signed in to the tool</h1></body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        callback.start();
    }

    @AfterEach
    void stop() {
        if (callback != null) {
            callback.stop(0);
        }
    }

    @Test
    void aPersonSignsIn_approvesTheApp_theToolGetsACode_andRevokingOnApplicationsEndsItsAccess() throws Exception {
        String session = server.signInAdmin();
        Response app = server.send("POST", "/api/v1/user/oauth-apps", "token " + session, "{\"name\":\"git helper\","
                + "\"homepage_url\":\"https://helper.example\",\"description\":\"Pushes for you\","
                + "\"callback_urls\":[\"http://127.0.0.1/cb\"],\"confidential\":false}");
        String clientId = app.json().path("client_id").asText();
        String redirect = "http://127.0.0.1:" + callback.getAddress().getPort() + "/cb";
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.security.MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes(StandardCharsets.US_ASCII)));

        pages.open("/login/oauth/authorize?client_id=" + clientId + "&redirect_uri="
                + URLEncoder.encode(redirect, StandardCharsets.UTF_8) + "&scope=repo&state=s-42&code_challenge="
                + challenge + "&code_challenge_method=S256");
        assertThat(driver.getCurrentUrl()).contains("/login?return_to=");
        pages.signInHere(FirstAdmin.LOGIN, server.adminPassword());

        assertThat(driver.getCurrentUrl()).contains("/login/oauth/authorize?");
        assertThat(pages.text("#app-name")).isEqualTo("git helper");
        assertThat(pages.text("#app-owner")).isEqualTo("admin");
        assertThat(pages.text("#requested-scopes")).contains("repo").contains("Full control of private repositories");
        assertThat(pages.text("#redirect-host")).isEqualTo("127.0.0.1");
        browser.screenshot("oauth-consent");
        pages.navigate(By.id("approve"));

        assertThat(pages.text("#done")).isEqualTo("Signed in to the tool");
        assertThat(received).hasSize(1);
        assertThat(received.get(0)).startsWith("code=").endsWith("&state=s-42");
        String code = received.get(0).substring(5, received.get(0).indexOf('&'));
        Response tokens = server.client().send("POST", "/login/oauth/access_token",
                Map.of("Accept", "application/json", "Content-Type", "application/x-www-form-urlencoded"),
                java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=" + clientId
                        + "&code=" + code + "&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8)
                        + "&code_verifier=" + VERIFIER));
        String access = tokens.json().path("access_token").asText();
        assertThat(pages.apiStatus(access, "/api/v1/user")).isEqualTo(200);

        pages.open("/settings/applications");
        assertThat(pages.text("#grants")).contains("git helper").contains("repo");
        assertThat(pages.text("#owned-apps")).contains("git helper");
        browser.screenshot("oauth-applications");
        pages.navigate(By.cssSelector("#grants button.btn-danger"));
        assertThat(pages.text("#no-grants")).contains("not authorized any OAuth app");
        assertThat(pages.apiStatus(access, "/api/v1/user")).isEqualTo(401);
    }
}
