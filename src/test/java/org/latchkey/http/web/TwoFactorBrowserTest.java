package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Two-factor authentication in a real headless Chromium (see {@link Browser}): enrolment from the
 * security page with the code computed from the secret shown there, signing in with a code, and
 * with a recovery code that works only once. Each test leaves a screenshot in target/screenshots/.
 */
class TwoFactorBrowserTest {

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
                browser.screenshot("two-factor-" + test.getTestMethod().orElseThrow().getName());
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void enrolment_from_the_security_page() {
        signInWithPassword();
        assertThat(driver.getCurrentUrl()).endsWith("/settings/tokens");
        navigate(By.id("nav-security"));
        assertThat(text("#two-factor-state")).isEqualTo("not enabled");
        navigate(By.id("enable-two-factor"));

        assertThat(text("h2")).isEqualTo("Scan this QR code with your authenticator app");
        Number qrWidth = (Number) ((JavascriptExecutor) driver).executeScript(
                "const img = document.getElementById('qr-code'); return img.complete ? img.naturalWidth : 0;");
        assertThat(qrWidth.intValue()).as("the QR code PNG loaded under the page's CSP").isGreaterThanOrEqualTo(200);
        String secret = text("#totp-secret");
        assertThat(secret).matches("[A-Z2-7]{32}");
        browser.screenshot("two-factor-enrolment-qr");

        field("otp").sendKeys("000000");
        navigate(By.id("confirm-two-factor"));
        assertThat(text("#otp-error")).startsWith("That code is not right");
        field("otp").sendKeys(TestTotp.code(secret, server.clock()));
        navigate(By.id("confirm-two-factor"));

        assertThat(text("h1")).isEqualTo("Two-factor authentication is enabled");
        assertThat(text("#recovery-warning")).contains("they will not be shown again");
        List<WebElement> codes = driver.findElements(By.cssSelector(".recovery-code"));
        assertThat(codes).hasSize(10);
        assertThat(codes.get(0).getText()).matches("[a-z0-9]{4}(-[a-z0-9]{4}){3}");
        browser.screenshot("two-factor-recovery-codes");

        navigate(By.id("back-to-security"));
        assertThat(text("#two-factor-state")).isEqualTo("enabled");
        assertThat(text("#recovery-codes-left")).isEqualTo("10 of 10 recovery codes left.");
        assertThat(driver.getPageSource()).doesNotContain(secret);
    }

    @Test
    void sign_in_asks_for_the_code_after_the_password() {
        TwoFactorFixture.Enrolled admin = TwoFactorFixture.enrol(server, server.signInAdmin());
        open("/settings/security-log");
        fillSignIn();
        assertThat(driver.getCurrentUrl()).contains("/login/two-factor");
        assertThat(text("h1")).isEqualTo("Two-factor authentication");
        open("/settings/tokens");
        assertThat(driver.getCurrentUrl()).as("the password alone is no session").contains("/login?return_to=");
        driver.navigate().back();

        field("otp").sendKeys("123456");
        navigate(By.cssSelector("form[action='/login/two-factor'] button[type=submit]"));
        assertThat(text("#otp-error")).isEqualTo("Invalid two-factor code.");
        field("otp").sendKeys(TestTotp.code(admin.secret(), server.clock()));
        navigate(By.cssSelector("form[action='/login/two-factor'] button[type=submit]"));

        assertThat(driver.getCurrentUrl()).endsWith("/settings/security-log");
        assertThat(text(".who")).contains("admin");
    }

    @Test
    void a_recovery_code_signs_in_once() {
        TwoFactorFixture.Enrolled admin = TwoFactorFixture.enrol(server, server.signInAdmin());
        String recovery = admin.recoveryCodes().get(0);

        open("/login");
        fillSignIn();
        enterCode(recovery);
        assertThat(driver.getCurrentUrl()).endsWith("/settings/tokens");
        navigate(By.cssSelector("form[action='/logout'] button[type=submit]"));
        assertThat(driver.getCurrentUrl()).endsWith("/login");

        fillSignIn();
        enterCode(recovery);
        assertThat(driver.getCurrentUrl()).contains("/login/two-factor");
        assertThat(text("#otp-error")).isEqualTo("Invalid two-factor code.");
        browser.screenshot("two-factor-recovery-code-used-twice");

        open("/login");
        fillSignIn();
        enterCode(admin.recoveryCodes().get(1));
        open("/settings/security");
        assertThat(text("#recovery-codes-left")).isEqualTo("8 of 10 recovery codes left.");
    }

    private void signInWithPassword() {
        open("/login");
        fillSignIn();
    }

    private void fillSignIn() {
        field("login").clear();
        field("login").sendKeys(FirstAdmin.LOGIN);
        field("password").sendKeys(server.adminPassword());
        navigate(By.cssSelector("form[action='/login'] button[type=submit]"));
    }

    private void enterCode(String code) {
        field("otp").sendKeys(code);
        navigate(By.cssSelector("form[action='/login/two-factor'] button[type=submit]"));
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
                return true;
            }
        });
        wait.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState;")));
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
