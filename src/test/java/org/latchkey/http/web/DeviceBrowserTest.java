package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.latchkey.TestServer;
import org.latchkey.account.FirstAdmin;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The device page in a real headless Chromium: the person opens the verification address, signs in
 * and comes back, types the code in lower case without its hyphen, sees the app, its owner and
 * the scopes, approves, and the polling tool gets its tokens.
 */
class DeviceBrowserTest {

    @RegisterExtension
    final BrowserSession session = BrowserSession.onH2(test -> "device-end");

    private TestServer server;
    private Browser browser;
    private WebDriver driver;
    private BrowserPages pages;

    @BeforeEach
    void start() {
        browser = session.browser();
        driver = browser.driver;
        server = session.server();
        pages = session.page();
    }

    @Test
    void aPersonSignsIn_typesTheCode_approves_andThePollingToolGetsItsTokens() throws Exception {
        String session = server.signInAdmin();
        String clientId = server.send("POST", "/api/v1/user/oauth-apps", "token " + session, "{\"name\":\"tv app\","
                + "\"homepage_url\":\"https://tv.example\",\"callback_urls\":[\"http://127.0.0.1/cb\"],"
                + "\"confidential\":false}").json().path("client_id").asText();
        JsonNode code = post("/login/device/code", "client_id=" + clientId + "&scope=repo").json();
        String userCode = code.path("user_code").asText();

        pages.open("/login/device");
        assertThat(driver.getCurrentUrl()).contains("/login?return_to=");
        pages.signInHere(FirstAdmin.LOGIN, server.adminPassword());
        assertThat(driver.getCurrentUrl()).endsWith("/login/device");

        pages.field("user_code").sendKeys("zzzz-zzzz");
        pages.navigate(By.id("continue"));
        assertThat(pages.text("#device-error")).contains("wrong, expired or already used");

        pages.field("user_code").sendKeys(userCode.replace("-", "").toLowerCase());
        pages.navigate(By.id("continue"));
        assertThat(pages.text("#app-name")).isEqualTo("tv app");
        assertThat(pages.text("#app-owner")).isEqualTo("admin");
        assertThat(pages.text("#user-code")).isEqualTo(userCode);
        assertThat(pages.text("#requested-scopes")).contains("repo").contains("Full control of private repositories");
        browser.screenshot("device-confirm");
        pages.navigate(By.id("approve"));
        assertThat(pages.text("#device-done")).contains("tv app").contains("authorized");

        TestServer.Response tokens = post("/login/oauth/access_token", "grant_type=urn:ietf:params:oauth:grant-type:device_code"
                + "&client_id=" + clientId + "&device_code=" + code.path("device_code").asText());
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(pages.apiStatus(tokens.json().path("access_token").asText(), "/api/v1/user")).isEqualTo(200);
    }

    private TestServer.Response post(String path, String form) {
        return server.client().send("POST", path, Map.of("Accept", "application/json",
                "Content-Type", "application/x-www-form-urlencoded"), HttpRequest.BodyPublishers.ofString(form));
    }
}
