package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.TestServer;
import org.latchkey.TestTotp;
import org.latchkey.account.FirstAdmin;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The security log's details and its sign-in filter, the recovery codes' Download and Copy buttons
 * under the pages' Content-Security-Policy, and a revoked token's expiry out of the warning colour,
 * in a real headless Chromium (see {@link Browser}).
 */
class LogAndRecoveryCodesBrowserTest {

    @TempDir
    Path downloads;

    @RegisterExtension
    final BrowserSession session = BrowserSession.onH2(test -> test);

    private TestServer server;
    private Browser browser;
    private ChromeDriver driver;
    private BrowserPages page;

    @BeforeEach
    void start() {
        browser = session.browser();
        driver = browser.driver;
        server = session.server();
        page = session.page();
    }

    @Test
    void the_security_log_shows_each_events_details_as_the_cli_does() {
        String session = server.signInAdmin();
        server.send("POST", "/api/v1/user/repos", "token " + session, "{\"name\":\"app\",\"private\":true}");
        String dead = server.createToken(session, "{\"name\":\"old ci\",\"scopes\":[\"repo\"]}").get("token").asText();
        long deadId = server.get("/api/v1/user/tokens", "token " + session).json().get(0).get("id").asLong();
        server.send("POST", "/api/v1/user/tokens/" + deadId + "/revoke", "token " + session, null);
        server.get("/api/v1/user", "token " + dead);

        page.signIn(FirstAdmin.LOGIN, server.adminPassword());
        page.navigate(By.linkText("Security log"));

        assertThat(details("repo.created")).contains("private=true", "repository=admin/app");
        assertThat(details("security.alert")).contains("rule=revoked_token_used", "notified=");
        assertThat(details("token.created")).contains("name=\"old ci\"", "scopes=repo");
        assertThat(details("token.revoked_token_used")).contains("count=1", "first_at=");
    }

    @Test
    void the_security_log_hides_sign_ins_on_request_and_keeps_that_across_pages() {
        String session = server.signInAdmin();
        for (int i = 0; i < 3; i++) {
            server.signInAdmin();
        }
        for (int i = 0; i < 31; i++) {
            server.createToken(session, "{\"name\":\"t" + i + "\",\"scopes\":[]}");
        }
        page.signIn(FirstAdmin.LOGIN, server.adminPassword());
        page.open("/settings/security-log");
        assertThat(actions()).contains("session.created");

        page.navigate(By.id("toggle-sign-ins"));
        assertThat(driver.getCurrentUrl()).endsWith("/settings/security-log?hide=sign-ins");
        assertThat(actions()).hasSize(30).doesNotContain("session.created");
        assertThat(page.field("hide-sign-ins").isSelected()).isTrue();
        page.navigate(By.id("older"));
        assertThat(driver.getCurrentUrl()).contains("hide=sign-ins", "before=");
        assertThat(actions()).isNotEmpty().doesNotContain("session.created");

        page.open("/settings/security-log");
        page.field("hide-sign-ins").click();
        page.select("filter-action").selectByValue("token.created");
        page.navigate(By.id("apply-filters"));
        assertThat(driver.getCurrentUrl()).contains("hide=sign-ins", "action=token.created");
        assertThat(page.text("#toggle-sign-ins")).isEqualTo("Show sign-ins");
        page.navigate(By.id("toggle-sign-ins"));
        assertThat(driver.getCurrentUrl()).endsWith("/settings/security-log?action=token.created");
    }

    @Test
    void recovery_codes_can_be_downloaded_and_copied_without_breaking_the_content_security_policy() throws Exception {
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", server.baseUrl(),
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
                "downloadPath", downloads.toString()));
        page.signIn(FirstAdmin.LOGIN, server.adminPassword());
        page.navigate(By.id("nav-security"));
        page.navigate(By.id("enable-two-factor"));
        page.field("otp").sendKeys(TestTotp.code(page.text("#totp-secret"), server.clock()));
        page.navigate(By.id("confirm-two-factor"));
        List<String> codes = driver.findElements(By.cssSelector(".recovery-code")).stream().map(WebElement::getText).toList();
        assertThat(codes).hasSize(10);

        WebElement download = page.field("download-recovery-codes");
        String href = download.getAttribute("href");
        assertThat(download.getAttribute("download")).isEqualTo("latchkey-recovery-codes.txt");
        assertThat(href).startsWith("data:text/plain;charset=utf-8,");
        assertThat(URLDecoder.decode(href.substring(href.indexOf(',') + 1), StandardCharsets.UTF_8))
                .contains(String.join("\n", codes));
        download.click();
        Path file = downloads.resolve("latchkey-recovery-codes.txt");
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> Files.exists(file));
        assertThat(Files.readString(file)).startsWith("Latchkey recovery codes for admin\n")
                .endsWith(String.join("\n", codes) + "\n");

        WebElement copy = page.field("copy-recovery-codes");
        assertThat(copy.isDisplayed()).as("the Copy button, shown by copy.js").isTrue();
        copy.click();
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> !page.text("#recovery-codes-copy-status").isEmpty());
        assertThat(page.text("#recovery-codes-copy-status")).isEqualTo("Copied");
        Object clipboard = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('error ' + e));");
        assertThat(clipboard).isEqualTo(String.join("\n", codes) + "\n");
        assertThat(browser.consoleMessages()).noneMatch(message -> message.contains("Content Security Policy"));
        ((JavascriptExecutor) driver).executeScript("const img = document.createElement('img');"
                + " img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw='; document.body.appendChild(img);");
        new WebDriverWait(driver, Duration.ofSeconds(5)).withMessage("the console shows a violation when there is one")
                .until(d -> browser.consoleMessages().stream().anyMatch(message -> message.contains("Content Security Policy")));
    }

    @Test
    void a_revoked_tokens_expiry_is_struck_through_in_the_neutral_colour_and_an_expiring_ones_stays_a_warning() {
        String session = server.signInAdmin();
        long revoked = server.createToken(session, "{\"name\":\"revoked soon\",\"scopes\":[],\"expires_in_days\":3}")
                .get("id").asLong();
        long never = server.createToken(session, "{\"name\":\"revoked never\",\"scopes\":[],\"expires\":\"never\"}")
                .get("id").asLong();
        long soon = server.createToken(session, "{\"name\":\"live soon\",\"scopes\":[],\"expires_in_days\":3}")
                .get("id").asLong();
        long expired = server.createToken(session, "{\"name\":\"expired\",\"scopes\":[],\"expires_in_days\":1}")
                .get("id").asLong();
        server.send("POST", "/api/v1/user/tokens/" + revoked + "/revoke", "token " + session, null);
        server.send("POST", "/api/v1/user/tokens/" + never + "/revoke", "token " + session, null);
        server.clock().advance(Duration.ofDays(1).plusMinutes(1));

        page.signIn(FirstAdmin.LOGIN, server.adminPassword());

        WebElement revokedExpiry = expiry(revoked, ".expiry-void s");
        assertThat(revokedExpiry.getText()).startsWith("Expires on ");
        assertThat(revokedExpiry.getCssValue("text-decoration-line")).isEqualTo("line-through");
        assertThat(colourOf(revokedExpiry)).isEqualTo(colour("--muted"));
        assertThat(driver.findElements(By.cssSelector("#token-" + revoked + " .warning, #token-" + revoked + " .danger"))).isEmpty();
        assertThat(expiry(never, ".expiry-void s").getText()).isEqualTo("No expiration date");
        assertThat(driver.findElements(By.cssSelector("#token-" + never + " .warning"))).isEmpty();
        assertThat(colourOf(expiry(soon, ".warning"))).isEqualTo(colour("--warning-fg"));
        assertThat(expiry(expired, ".danger").getText()).startsWith("Expired on ");
        page.open("/settings/tokens/" + revoked);
        assertThat(page.text(".expiry-void s")).startsWith("Expires on ");
    }

    private WebElement expiry(long tokenId, String css) {
        return driver.findElement(By.cssSelector("#token-" + tokenId + " .expiry " + css));
    }

    private String colourOf(WebElement element) {
        return (String) ((JavascriptExecutor) driver).executeScript("return getComputedStyle(arguments[0]).color;", element);
    }

    /** A colour of the stylesheet's, as the browser computes it. */
    private String colour(String variable) {
        return (String) ((JavascriptExecutor) driver).executeScript("const probe = document.createElement('span');"
                + " probe.style.color = 'var(" + variable + ")'; document.body.appendChild(probe);"
                + " const colour = getComputedStyle(probe).color; probe.remove(); return colour;");
    }

    private String details(String action) {
        for (WebElement event : driver.findElements(By.cssSelector("#security-log li"))) {
            if (event.findElement(By.cssSelector("code.action")).getText().equals(action)) {
                return event.findElement(By.cssSelector("code.details")).getText();
            }
        }
        throw new AssertionError("no " + action + " in the security log");
    }

    private List<String> actions() {
        return driver.findElements(By.cssSelector("#security-log code.action")).stream().map(WebElement::getText).toList();
    }
}
