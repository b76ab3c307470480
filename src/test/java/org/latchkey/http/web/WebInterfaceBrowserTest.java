package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.latchkey.TestServer;
import org.latchkey.TestTotp;
import org.latchkey.TwoFactorFixture;
import org.latchkey.account.FirstAdmin;
import org.latchkey.store.TestDatabases.Engine;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web interface in a real headless Chromium (see {@link Browser}): signing in, generating a
 * token and using the shown secret against the API, validation errors, regenerate, revoke, sudo
 * mode (with the password, and with an app code) and CSRF. Each test leaves a screenshot of its last page in target/screenshots/.
 */
class WebInterfaceBrowserTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestServer server;
    private Browser browser;
    private WebDriver driver;

    @BeforeEach
    void start() {
        browser = Browser.start();
        driver = browser.driver;
        server = TestServer.start(Engine.H2);
    }

    @AfterEach
    void stop(TestInfo test) throws Exception {
        try {
            if (browser != null) {
                browser.screenshot(test.getTestMethod().orElseThrow().getName());
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void sign_in_shows_an_error_for_a_wrong_password_and_keeps_the_username() {
        open("/settings/tokens");
        assertThat(driver.getCurrentUrl()).contains("/login?return_to=");
        fillSignIn(FirstAdmin.LOGIN, "not the password");
        assertThat(text("#login-error")).isEqualTo("Incorrect username or password.");
        assertThat(field("login").getAttribute("value")).isEqualTo(FirstAdmin.LOGIN);
        assertThat(field("password").getAttribute("value")).isEmpty();

        fillSignIn(FirstAdmin.LOGIN, server.adminPassword());
        assertThat(driver.getCurrentUrl()).endsWith("/settings/tokens");
        assertThat(text("h1")).isEqualTo("Personal access tokens (classic)");
        assertThat(text(".who")).contains("admin");
    }

    @Test
    void a_classic_token_generated_in_the_form_works_against_the_api() throws Exception {
        signIn();
        navigate(By.id("generate"));
        field("name").sendKeys("deploy from CI");
        field("description").sendKeys("used by the deploy job");
        new Select(driver.findElement(By.id("expiration"))).selectByValue("7");
        driver.findElement(By.id("scope-repo")).click();
        driver.findElement(By.id("scope-workflow")).click();
        navigate(By.id("generate-token"));

        assertThat(text("#secret-warning")).contains("You won't be able to see it again");
        assertThat(driver.findElement(By.id("copy-secret")).isDisplayed()).as("the copy button, shown by copy.js").isTrue();
        String secret = text("#token-secret");
        assertThat(secret).startsWith("lkp_").hasSize(40);
        browser.screenshot("token-generated");

        HttpResponse<String> user = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/user"))
                .header("Authorization", "token " + secret).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(user.statusCode()).isEqualTo(200);
        assertThat(user.headers().firstValue("X-OAuth-Scopes")).hasValue("repo, workflow");

        server.latchkey().flushUsage();
        navigate(By.id("back-to-tokens"));
        assertThat(driver.getPageSource()).doesNotContain(secret);
        assertThat(text(".token-list")).contains("deploy from CI", "used by the deploy job", "repo", "workflow",
                "Last used just now from 127.0.0.1");
        assertThat(text(".token-list .warning")).startsWith("Expires in 7 days, on ");
    }

    @Test
    void a_validation_error_is_shown_beside_its_field_and_keeps_what_was_typed() {
        signIn();
        open("/settings/tokens/new");
        field("description").sendKeys("typed before the mistake");
        new Select(driver.findElement(By.id("expiration"))).selectByValue("custom");
        driver.findElement(By.id("scope-read:audit_log")).click();
        navigate(By.id("generate-token"));

        assertThat(text("#form-errors")).contains("was not generated");
        assertThat(text("#name-error")).contains("Give the token a name");
        assertThat(text("#expiration-error")).isEqualTo("Choose a date for a custom expiration.");
        assertThat(field("description").getAttribute("value")).isEqualTo("typed before the mistake");
        assertThat(driver.findElement(By.id("scope-read:audit_log")).isSelected()).isTrue();
        assertThat(driver.findElement(By.id("scope-repo")).isSelected()).isFalse();
        assertThat(new Select(driver.findElement(By.id("expiration"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("custom");
        assertThat(field("name").getAttribute("aria-describedby")).isEqualTo("name-error");

        field("name").sendKeys("audit export");
        new Select(driver.findElement(By.id("expiration"))).selectByValue("30");
        navigate(By.id("generate-token"));
        assertThat(text("#token-secret")).startsWith("lkp_");

        open("/settings/tokens/new");
        field("name").sendKeys("audit export");
        navigate(By.id("generate-token"));
        assertThat(text("#name-error")).isEqualTo("You already have a live token named 'audit export'.");
        assertThat(field("name").getAttribute("value")).isEqualTo("audit export");
    }

    @Test
    void regenerate_gives_a_new_secret_with_the_new_expiry_and_the_old_one_stops_working() throws Exception {
        JsonNode created = createByApi("nightly");
        String old = created.get("token").asText();
        long id = created.get("id").asLong();
        signIn();
        navigate(By.linkText("nightly"));
        assertThat(driver.getCurrentUrl()).endsWith("/settings/tokens/" + id);
        assertThat(text("#token-status")).isEqualTo("active");
        new Select(driver.findElement(By.id("expiration"))).selectByValue("90");
        navigate(By.id("regenerate"));

        assertThat(text("h1")).isEqualTo("Token regenerated");
        String fresh = text("#token-secret");
        assertThat(fresh).startsWith("lkp_").isNotEqualTo(old);
        assertThat(apiStatus(old)).isEqualTo(401);
        assertThat(apiStatus(fresh)).isEqualTo(200);
        JsonNode shown = server.get("/api/v1/user/tokens/" + id, "token " + server.signInAdmin()).json();
        assertThat(Duration.between(java.time.Instant.parse(shown.get("created_at").asText()),
                java.time.Instant.parse(shown.get("expires_at").asText())).toDays()).isBetween(89L, 90L);
    }

    @Test
    void revoke_from_the_token_page_stops_the_secret_at_once_and_delete_asks_first() throws Exception {
        String secret = createByApi("laptop").get("token").asText();
        assertThat(apiStatus(secret)).isEqualTo(200);
        server.latchkey().flushUsage();
        signIn();
        navigate(By.linkText("laptop"));
        assertThat(text("#last-used-ips")).contains("127.0.0.1");
        navigate(By.id("revoke"));

        assertThat(text("#notice")).contains("The token was revoked");
        assertThat(text(".token-item .label")).isEqualTo("revoked");
        assertThat(apiStatus(secret)).isEqualTo(401);

        navigate(By.linkText("Delete"));
        assertThat(text("h1")).isEqualTo("Delete this token?");
        navigate(By.id("confirm-delete"));
        assertThat(text("#notice")).isEqualTo("The token was deleted.");
        assertThat(text("#no-tokens")).contains("no tokens");
    }

    @Test
    void the_token_page_asks_for_the_password_again_after_fifteen_minutes() {
        createByApi("ci");
        signIn();
        server.clock().advance(Duration.ofMinutes(16));
        navigate(By.linkText("ci"));
        assertThat(driver.getCurrentUrl()).contains("/sudo?return_to=");
        assertThat(text("h1")).isEqualTo("Confirm access");
        field("sudo-password").sendKeys("wrong");
        navigate(By.id("confirm-password"));
        assertThat(text("#sudo-password-error")).isEqualTo("Incorrect password.");
        field("sudo-password").sendKeys(server.adminPassword());
        navigate(By.id("confirm-password"));
        assertThat(text("h1")).isEqualTo("ci");
        assertThat(text("#regenerate-title")).isEqualTo("Regenerate token");
    }

    @Test
    void with_two_factor_a_code_from_the_app_confirms_access_at_phone_width_and_a_token_is_generated() throws Exception {
        TwoFactorFixture.Enrolled admin = TwoFactorFixture.enrol(server, server.signInAdmin());
        open("/login");
        fillSignIn(FirstAdmin.LOGIN, server.adminPassword());
        field("otp").sendKeys(TestTotp.code(admin.secret(), server.clock()));
        navigate(By.cssSelector("form[action='/login/two-factor'] button[type=submit]"));
        server.clock().advance(Duration.ofMinutes(16));
        browser.phoneWidth();

        navigate(By.id("generate"));
        assertThat(driver.getCurrentUrl()).contains("/sudo?return_to=");
        assertThat(text("#sudo-otp-title")).isEqualTo("Use your authenticator app");
        assertThat(text("#sudo-otp-note")).contains("Recovery codes are not accepted here");
        field("sudo-otp").sendKeys("000000");
        navigate(By.id("confirm-otp"));
        assertThat(text("#sudo-otp-error")).isEqualTo("Invalid two-factor code.");
        assertThat(field("sudo-otp").getAttribute("value")).isEmpty();
        Number scrollWidth = (Number) ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollWidth;");
        assertThat(scrollWidth.intValue()).as("no horizontal scrolling").isLessThanOrEqualTo(390);
        browser.screenshot("sudo-two-factor-phone");

        field("sudo-otp").sendKeys(TestTotp.code(admin.secret(), server.clock()));
        navigate(By.id("confirm-otp"));
        assertThat(driver.getCurrentUrl()).endsWith("/settings/tokens/new");
        field("name").sendKeys("after sudo by code");
        driver.findElement(By.id("scope-repo")).click();
        navigate(By.id("generate-token"));

        String secret = text("#token-secret");
        assertThat(secret).startsWith("lkp_");
        assertThat(apiStatus(secret)).isEqualTo(200);
    }

    @Test
    void a_form_with_a_wrong_csrf_token_is_refused_with_a_clear_page() throws Exception {
        signIn();
        open("/settings/tokens/new");
        field("name").sendKeys("forged");
        driver.findElement(By.id("scope-repo")).click();
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "document.querySelector(\"form[action='/settings/tokens/new'] input[name=_csrf]\").value = 'forged-token';");
        navigate(By.id("generate-token"));
        assertThat(text("h1")).isEqualTo("Request refused");
        assertThat(text(".flash-error")).contains("security token did not match");
        assertThat(server.get("/api/v1/user/tokens", "token " + server.signInAdmin()).json()).isEmpty();

        HttpResponse<String> headers = HTTP.send(HttpRequest.newBuilder(URI.create(driver.getCurrentUrl())).build(),
                HttpResponse.BodyHandlers.ofString());
        WebPagesHttpTest.assertSecurityHeaders(headers);
    }

    @Test
    void a_fine_grained_token_for_one_selected_repository_reads_it_and_nothing_else() throws Exception {
        String session = server.signInAdmin();
        for (String name : new String[] {"site", "secrets"}) {
            assertThat(server.send("POST", "/api/v1/user/repos", "token " + session, "{\"name\":\"" + name + "\"}").status())
                    .isEqualTo(201);
        }
        signIn();
        navigate(By.linkText("Fine-grained tokens"));
        navigate(By.id("generate"));
        assertThat(new Select(driver.findElement(By.id("expiration"))).getOptions())
                .extracting(WebElement::getText).doesNotContain("No expiration");
        navigate(By.id("generate-token"));
        assertThat(text("#name-error")).contains("Give the token a name");
        assertThat(text("#permissions-error")).isEqualTo("Choose at least one permission.");

        field("name").sendKeys("read the site");
        driver.findElement(By.id("access-admin-selected")).click();
        driver.findElement(By.id("repo-admin/site")).click();
        new Select(driver.findElement(By.id("permission_contents"))).selectByVisibleText("Read");
        navigate(By.id("generate-token"));

        String secret = text("#token-secret");
        assertThat(secret).startsWith("lkf_");
        assertThat(apiStatus(secret, "/api/v1/repos/admin/site")).isEqualTo(200);
        assertThat(apiStatus(secret, "/api/v1/repos/admin/secrets")).isIn(403, 404);
        navigate(By.id("back-to-tokens"));
        assertThat(text(".token-list")).contains("read the site", "admin: site", "contents: read");
    }

    @Test
    void the_security_log_pages_through_the_account_s_events() {
        String session = server.signInAdmin();
        for (int i = 0; i < 32; i++) {
            server.createToken(session, "{\"name\":\"t" + i + "\",\"scopes\":[],\"expires_in_days\":30}");
        }
        signIn();
        navigate(By.linkText("Security log"));
        assertThat(driver.findElements(By.cssSelector("#security-log li"))).hasSize(30);
        assertThat(text("#security-log li")).contains("session.created");
        navigate(By.id("older"));
        assertThat(text("#security-log")).contains("token.created", "t0");
        assertThat(driver.findElements(By.id("older"))).isEmpty();
    }

    @Test
    void the_token_list_reads_at_phone_width() {
        createByApi("phone");
        server.createToken(server.signInAdmin(), "{\"name\":\"forever\",\"scopes\":[\"read:user\"],\"expires\":\"never\"}");
        signIn();
        browser.phoneWidth();
        open("/settings/tokens");
        assertThat(text(".token-list")).contains("This token has no expiration date");
        Number scrollWidth = (Number) ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollWidth;");
        assertThat(scrollWidth.intValue()).as("no horizontal scrolling").isLessThanOrEqualTo(390);
    }

    private JsonNode createByApi(String name) {
        return server.createToken(server.signInAdmin(), "{\"name\":\"" + name + "\",\"scopes\":[\"repo\"],\"expires_in_days\":30}");
    }

    private int apiStatus(String secret) throws Exception {
        return apiStatus(secret, "/api/v1/user");
    }

    private int apiStatus(String secret, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "token " + secret).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private void signIn() {
        open("/login");
        fillSignIn(FirstAdmin.LOGIN, server.adminPassword());
        assertThat(driver.getCurrentUrl()).endsWith("/settings/tokens");
    }

    private void fillSignIn(String login, String password) {
        field("login").clear();
        field("login").sendKeys(login);
        field("password").sendKeys(password);
        navigate(By.cssSelector("form[action='/login'] button[type=submit]"));
    }

    /** Clicks something that loads a new page, and waits until it has. */
    private void navigate(By by) {
        WebElement element = driver.findElement(by);
        element.click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.until(d -> {
            try {
                element.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException gone) {
                return true; // stale, or (as chromedriver sometimes says) no longer in the document
            }
        });
        wait.until(d -> "complete".equals(((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("return document.readyState;")));
    }

    private void open(String path) {
        driver.get(server.baseUrl() + path);
    }

    private WebElement field(String id) {
        return driver.findElement(By.id(id));
    }

    private String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText().strip();
    }
}
