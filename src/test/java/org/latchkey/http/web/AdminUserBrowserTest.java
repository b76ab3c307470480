package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.latchkey.TestServer;
import org.latchkey.account.FirstAdmin;
import org.latchkey.store.TestDatabases.Engine;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The administrators' user pages in a real headless Chromium: the navigation link, the list, one
 * user's page and its buttons (disable, enable, the administrator role, delete), with what each
 * did to the user's token seen over the API. A screenshot of each test lands in target/screenshots/.
 */
class AdminUserBrowserTest {

    private static final String PASSWORD = "a long and good password";

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
                browser.screenshot("admin-users-" + test.getTestMethod().orElseThrow().getName());
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void an_administrator_disables_enables_promotes_and_deletes_a_user_from_the_pages() {
        String adminSession = server.signInAdmin();
        server.client().createUser(adminSession, "bob", PASSWORD);
        String token = "token " + server.createToken(server.signIn("bob", PASSWORD),
                "{\"name\":\"ci\",\"scopes\":[\"repo\"]}").get("token").asText();
        signIn(FirstAdmin.LOGIN, server.adminPassword());

        navigate(By.id("nav-admin-users"));
        assertThat(text("h1")).isEqualTo("Users");
        assertThat(text("#user-bob")).contains("bob", "active", "1 live token");
        assertThat(text("#user-admin")).contains("admin", "active");
        browser.screenshot("admin-users-list");
        navigate(By.cssSelector("#user-bob a.token-name"));
        assertThat(text("#user-login")).isEqualTo("bob");
        assertThat(text("#user-state")).isEqualTo("active");

        navigate(By.id("disable-user"));
        assertThat(text("#notice")).startsWith("The account was disabled");
        assertThat(text("#user-state")).isEqualTo("disabled");
        assertThat(server.get("/api/v1/user", token).json().get("error").asText()).isEqualTo("account_disabled");
        browser.screenshot("admin-user-disabled");

        navigate(By.id("enable-user"));
        assertThat(text("#user-state")).isEqualTo("active");
        assertThat(server.get("/api/v1/user", token).status()).isEqualTo(200);

        navigate(By.id("grant-admin"));
        assertThat(text("#notice")).isEqualTo("The user is now an administrator.");
        assertThat(driver.findElements(By.id("user-admin"))).hasSize(1);
        navigate(By.id("revoke-admin"));
        assertThat(driver.findElements(By.id("user-admin"))).isEmpty();

        driver.findElement(By.id("transfer-to")).sendKeys("nobody");
        navigate(By.id("delete-user"));
        assertThat(text("main")).contains("there is no user nobody");
        driver.navigate().back();
        driver.findElement(By.id("transfer-to")).clear();
        navigate(By.id("delete-user"));
        assertThat(text("#notice")).isEqualTo("The user was deleted.");
        assertThat(driver.findElements(By.id("user-bob"))).isEmpty();
        assertThat(server.get("/api/v1/user", token).status()).isEqualTo(401);
    }

    @Test
    void the_own_page_offers_no_disable_or_delete_and_the_last_administrator_keeps_the_role() {
        signIn(FirstAdmin.LOGIN, server.adminPassword());
        open("/settings/admin/users/ADMIN");

        assertThat(text("#user-login")).isEqualTo("admin");
        assertThat(driver.findElements(By.id("disable-user"))).isEmpty();
        assertThat(driver.findElements(By.id("delete-user"))).isEmpty();
        navigate(By.id("revoke-admin"));
        assertThat(text("main")).contains("last active administrator");
    }

    @Test
    void a_user_who_is_not_an_administrator_sees_no_link_and_is_refused_the_pages() {
        server.client().createUser(server.signInAdmin(), "bob", PASSWORD);
        signIn("bob", PASSWORD);

        assertThat(driver.findElements(By.id("nav-admin-users"))).isEmpty();
        open("/settings/admin/users");
        assertThat(text("main")).contains("Only a site administrator may do this.");
        open("/settings/admin/users/admin");
        assertThat(text("main")).contains("Only a site administrator may do this.");
    }

    private void signIn(String login, String password) {
        open("/login");
        driver.findElement(By.id("login")).sendKeys(login);
        driver.findElement(By.id("password")).sendKeys(password);
        navigate(By.cssSelector("form[action='/login'] button[type=submit]"));
    }

    /** Clicks something that loads a new page, and waits until it has. */
    private void navigate(By by) {
        WebElement element = driver.findElement(by);
        element.click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
            try {
                element.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException gone) {
                return true;
            }
        });
    }

    private void open(String path) {
        driver.get(server.baseUrl() + path);
    }

    private String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText().strip();
    }
}
