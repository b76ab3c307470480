package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.latchkey.TestServer;
import org.latchkey.account.FirstAdmin;
import org.latchkey.http.PasswordApiTest;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * Passwords in a real headless Chromium (see {@link Browser}): the initial-password banner leads to
 * the change page and goes once the password is changed; a reset code is redeemed on
 * {@code /password-reset} and the new password signs in. Screenshots go to target/screenshots/.
 */
class PasswordBrowserTest {

    @RegisterExtension
    final BrowserSession session = BrowserSession.onH2(test -> "password-" + test);

    private TestServer server;
    private Browser browser;
    private WebDriver driver;
    private BrowserPages page;

    @BeforeEach
    void start() {
        browser = session.browser();
        driver = browser.driver;
        server = session.server();
        page = session.page();
    }

    @Test
    void the_banner_leads_to_the_change_page_and_goes_once_the_password_is_changed() {
        String generated = server.adminPassword();
        page.signIn(FirstAdmin.LOGIN, generated);
        assertThat(driver.getCurrentUrl()).endsWith("/settings/tokens");
        assertThat(page.text("#initial-password-banner")).contains("still using the password Latchkey generated");
        browser.screenshot("password-banner");

        page.navigate(By.cssSelector("#initial-password-banner a"));
        assertThat(driver.getCurrentUrl()).endsWith("/settings/security/password");
        assertThat(page.text("h1")).isEqualTo("Change password");
        page.field("current-password").sendKeys(generated);
        page.field("new-password").sendKeys("short");
        page.field("new-password-confirmation").sendKeys("short");
        page.navigate(By.id("update-password"));
        assertThat(page.text("#new-password-error")).contains("must be between 12 and 1024 characters");

        page.field("current-password").sendKeys(generated);
        page.field("new-password").sendKeys(PasswordApiTest.NEW);
        page.field("new-password-confirmation").sendKeys(PasswordApiTest.NEW);
        page.navigate(By.id("update-password"));

        assertThat(page.text("#password-changed")).contains("Your password was changed", "personal access tokens keep working");
        assertThat(driver.findElements(By.id("initial-password-banner"))).isEmpty();
        page.open("/settings/tokens");
        assertThat(driver.findElements(By.id("initial-password-banner"))).isEmpty();
        assertThat(page.text(".who")).contains("admin");
    }

    @Test
    void a_reset_code_is_redeemed_on_the_reset_page_and_the_new_password_signs_in() {
        server.client().createUser(server.signInAdmin(), "grace", PasswordApiTest.OLD);
        String code = server.send("POST", "/api/v1/admin/users/grace/password-reset", "token " + server.signInAdmin(), null)
                .json().get("reset_code").asText();

        page.open("/password-reset");
        page.field("login").sendKeys("grace");
        page.field("code").sendKeys("wrong-code");
        page.field("new-password").sendKeys(PasswordApiTest.NEW);
        page.field("new-password-confirmation").sendKeys(PasswordApiTest.NEW);
        page.navigate(By.id("set-password"));
        assertThat(page.text("#password-reset-error")).contains("do not match a pending password reset");

        page.field("code").sendKeys(code);
        page.field("new-password").sendKeys(PasswordApiTest.NEW);
        page.field("new-password-confirmation").sendKeys(PasswordApiTest.NEW);
        page.navigate(By.id("set-password"));
        assertThat(page.text("#password-reset-done")).contains("Your new password is set");
        browser.screenshot("password-reset-done");

        page.navigate(By.id("sign-in-link"));
        page.signInHere("grace", PasswordApiTest.NEW);
        assertThat(driver.getCurrentUrl()).endsWith("/settings/tokens");
        assertThat(page.text(".who")).contains("grace");
        assertThat(driver.findElements(By.id("initial-password-banner"))).isEmpty();
    }
}
