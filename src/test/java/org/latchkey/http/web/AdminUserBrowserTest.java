package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.latchkey.TestServer;
import org.latchkey.account.FirstAdmin;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The administrators' user pages in a real headless Chromium: the navigation link, the list, one
 * user's page and its buttons (disable, enable, the administrator role, delete), with what each
 * did to the user's token seen over the API. A screenshot of each test lands in target/screenshots/.
 */
class AdminUserBrowserTest {

    private static final String PASSWORD = "a long and good password";

    @RegisterExtension
    final BrowserSession session = BrowserSession.onH2(test -> "admin-users-" + test);

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
    void an_administrator_disables_enables_promotes_and_deletes_a_user_from_the_pages() {
        String adminSession = server.signInAdmin();
        server.client().createUser(adminSession, "bob", PASSWORD);
        String token = "token " + server.createToken(server.signIn("bob", PASSWORD),
                "{\"name\":\"ci\",\"scopes\":[\"repo\"]}").get("token").asText();
        page.signIn(FirstAdmin.LOGIN, server.adminPassword());

        page.navigate(By.id("nav-admin-users"));
        assertThat(page.text("h1")).isEqualTo("Users");
        assertThat(page.text("#user-bob")).contains("bob", "active", "1 live token");
        assertThat(page.text("#user-admin")).contains("admin", "active");
        browser.screenshot("admin-users-list");
        page.navigate(By.cssSelector("#user-bob a.token-name"));
        assertThat(page.text("#user-login")).isEqualTo("bob");
        assertThat(page.text("#user-state")).isEqualTo("active");

        page.navigate(By.id("disable-user"));
        assertThat(page.text("#notice")).startsWith("The account was disabled");
        assertThat(page.text("#user-state")).isEqualTo("disabled");
        assertThat(server.get("/api/v1/user", token).json().get("error").asText()).isEqualTo("account_disabled");
        browser.screenshot("admin-user-disabled");

        page.navigate(By.id("enable-user"));
        assertThat(page.text("#user-state")).isEqualTo("active");
        assertThat(server.get("/api/v1/user", token).status()).isEqualTo(200);

        page.navigate(By.id("grant-admin"));
        assertThat(page.text("#notice")).isEqualTo("The user is now an administrator.");
        assertThat(driver.findElements(By.id("user-admin"))).hasSize(1);
        page.navigate(By.id("revoke-admin"));
        assertThat(driver.findElements(By.id("user-admin"))).isEmpty();

        driver.findElement(By.id("transfer-to")).sendKeys("nobody");
        page.navigate(By.id("delete-user"));
        assertThat(page.text("main")).contains("there is no user nobody");
        driver.navigate().back();
        driver.findElement(By.id("transfer-to")).clear();
        page.navigate(By.id("delete-user"));
        assertThat(page.text("#notice")).isEqualTo("The user was deleted.");
        assertThat(driver.findElements(By.id("user-bob"))).isEmpty();
        assertThat(server.get("/api/v1/user", token).status()).isEqualTo(401);
    }

    @Test
    void the_own_page_offers_no_disable_or_delete_and_the_last_administrator_keeps_the_role() {
        page.signIn(FirstAdmin.LOGIN, server.adminPassword());
        page.open("/settings/admin/users/ADMIN");

        assertThat(page.text("#user-login")).isEqualTo("admin");
        assertThat(driver.findElements(By.id("disable-user"))).isEmpty();
        assertThat(driver.findElements(By.id("delete-user"))).isEmpty();
        page.navigate(By.id("revoke-admin"));
        assertThat(page.text("main")).contains("last active administrator");
    }

    @Test
    void a_user_who_is_not_an_administrator_sees_no_link_and_is_refused_the_pages() {
        server.client().createUser(server.signInAdmin(), "bob", PASSWORD);
        page.signIn("bob", PASSWORD);

        assertThat(driver.findElements(By.id("nav-admin-users"))).isEmpty();
        page.open("/settings/admin/users");
        assertThat(page.text("main")).contains("Only a site administrator may do this.");
        page.open("/settings/admin/users/admin");
        assertThat(page.text("main")).contains("Only a site administrator may do this.");
    }
}
