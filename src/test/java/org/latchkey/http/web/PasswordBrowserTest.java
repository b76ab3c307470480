package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.latchkey.TestServer;
import org.latchkey.account.FirstAdmin;
import org.latchkey.http.PasswordApiTest;
import org.latchkey.store.TestDatabases.Engine;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Passwords in a real headless Chromium (see {@link Browser}): the initial-password banner leads to
 * the change page and goes once the password is changed; a reset code is redeemed on
 * {@code /password-reset} and the new password signs in. Screenshots go to target/screenshots/.
 */
class PasswordBrowserTest {

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
                browser.screenshot("password-" + test.getTestMethod().orElseThrow().getName());
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void the_banner_leads_to_the_change_page_and_goes_once_the_password_is_changed() {
        String generated = server.adminPassword();
        signIn(FirstAdmin.LOGIN, generated);
        assertThat(driver.getCurrentUrl()).endsWith("/settings/tokens");
        assertThat(text("#initial-password-banner")).contains("still using the password Latchkey generated");
        browser.screenshot("password-banner");

        navigate(By.cssSelector("#initial-password-banner a"));
        assertThat(driver.getCurrentUrl()).endsWith("/settings/security/password");
        assertThat(text("h1")).isEqualTo("Change password");
        field("current-password").sendKeys(generated);
        field("new-password").sendKeys("short");
        field("new-password-confirmation").sendKeys("short");
        navigate(By.id("update-password"));
        assertThat(text("#new-password-error")).contains("must be between 12 and 1024 characters");

        field("current-password").sendKeys(generated);
        field("new-password").sendKeys(PasswordApiTest.NEW);
        field("new-password-confirmation").sendKeys(PasswordApiTest.NEW);
        navigate(By.id("update-password"));

        assertThat(text("#password-changed")).contains("Your password was changed", "personal access tokens keep working");
        assertThat(driver.findElements(By.id("initial-password-banner"))).isEmpty();
        open("/settings/tokens");
        assertThat(driver.findElements(By.id("initial-password-banner"))).isEmpty();
        assertThat(text(".who")).contains("admin");
    }

    @Test
    void a_reset_code_is_redeemed_on_the_reset_page_and_the_new_password_signs_in() {
        server.client().createUser(server.signInAdmin(), "grace", PasswordApiTest.OLD);
        String code = server.send("POST", "/api/v1/admin/users/grace/password-reset", "token " + server.signInAdmin(), null)
                .json().get("reset_code").asText();

        open("/password-reset");
        field("login").sendKeys("grace");
        field("code").sendKeys("wrong-code");
        field("new-password").sendKeys(PasswordApiTest.NEW);
        field("new-password-confirmation").sendKeys(PasswordApiTest.NEW);
        navigate(By.id("set-password"));
        assertThat(text("#password-reset-error")).contains("do not match a pending password reset");

        field("code").sendKeys(code);
        field("new-password").sendKeys(PasswordApiTest.NEW);
        field("new-password-confirmation").sendKeys(PasswordApiTest.NEW);
        navigate(By.id("set-password"));
        assertThat(text("#password-reset-done")).contains("Your new password is set");
        browser.screenshot("password-reset-done");

        navigate(By.id("sign-in-link"));
        signInHere("grace", PasswordApiTest.NEW);
        assertThat(driver.getCurrentUrl()).endsWith("/settings/tokens");
        assertThat(text(".who")).contains("grace");
        assertThat(driver.findElements(By.id("initial-password-banner"))).isEmpty();
    }

    private void signIn(String login, String password) {
        open("/login");
        signInHere(login, password);
    }

    private void signInHere(String login, String password) {
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
