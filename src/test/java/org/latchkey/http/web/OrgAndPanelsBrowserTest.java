package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.latchkey.TestServer;
import org.latchkey.account.FirstAdmin;
import org.latchkey.store.TestDatabases.Engine;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The organisation pages, the fine-grained form under an organisation's policy, a token's usage
 * panel and the security log's filters in a real headless Chromium (see {@link Browser}). Each
 * test leaves a screenshot of its last page in target/screenshots/.
 */
class OrgAndPanelsBrowserTest {

    private TestServer server;
    private Browser browser;
    private WebDriver driver;
    private BrowserPages page;

    @BeforeEach
    void start() {
        browser = Browser.start();
        driver = browser.driver;
        server = TestServer.start(Engine.H2);
        page = new BrowserPages(driver, server);
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
    void an_org_policy_with_a_max_lifetime_limits_the_expirations_of_the_fine_grained_form() {
        OrgPagesHttpTest.acmeWithBob(server);
        page.signIn(FirstAdmin.LOGIN, server.adminPassword());
        page.navigate(By.id("orgs-link"));
        page.navigate(By.linkText("Personal access tokens"));
        assertThat(driver.getCurrentUrl()).endsWith("/orgs/acme/settings/tokens");
        page.field("max_lifetime_days").sendKeys("thirty");
        page.navigate(By.id("save-policy"));
        assertThat(page.text("#max_lifetime_days-error")).contains("whole number of days");
        assertThat(page.field("max_lifetime_days").getAttribute("value")).isEqualTo("thirty");
        page.field("max_lifetime_days").clear();
        page.field("max_lifetime_days").sendKeys("30");
        page.navigate(By.id("save-policy"));
        assertThat(page.text("#notice")).contains("The token policy was saved");

        page.open("/settings/tokens/new-fine-grained");
        assertThat(page.optionTexts("expiration")).doesNotContain("No expiration");
        assertThat(page.text("#policy-acme")).contains("at most 30 days");
        page.field("name").sendKeys("acme deploy");
        page.field("owner-admin").click();
        page.field("owner-acme").click();
        page.navigate(By.id("update-owners"));
        assertThat(page.optionTexts("expiration")).containsExactly("7 days", "30 days", "Custom…");
        assertThat(page.text("#lifetime-note")).contains("at most 30 days");
        assertThat(page.field("name").getAttribute("value")).isEqualTo("acme deploy");
        assertThat(page.field("custom_date").getAttribute("max")).isNotEmpty();
        browser.phoneWidth();
        assertThat(page.scrollWidth()).as("no horizontal scrolling at phone width").isLessThanOrEqualTo(390);
    }

    @Test
    void an_org_policy_with_a_max_lifetime_hides_no_expiration_in_the_classic_form() throws Exception {
        String admin = OrgPagesHttpTest.acmeWithBob(server);
        page.signIn(FirstAdmin.LOGIN, server.adminPassword());
        page.open("/settings/tokens/new");
        assertThat(page.optionTexts("expiration")).contains("No expiration");
        server.send("PUT", "/api/v1/orgs/acme/token-policy", "token " + admin,
                "{\"forbid_classic\":false,\"max_lifetime_days\":30,\"require_approval\":false}");

        page.open("/settings/tokens/new");
        assertThat(page.optionTexts("expiration")).doesNotContain("No expiration").contains("7 days");
        assertThat(page.text("#classic-lifetime")).contains("acme: 30 days");
        page.field("name").sendKeys("acme within policy");
        page.field("scope-repo").click();
        page.select("expiration").selectByValue("7");
        page.navigate(By.id("generate-token"));
        String secret = page.text("#token-secret");

        assertThat(server.get("/api/v1/repos/acme/api", "token " + secret).status()).isEqualTo(200);
    }

    @Test
    void a_token_pending_approval_is_refused_until_an_org_owner_approves_it_on_the_org_page() throws Exception {
        String admin = OrgPagesHttpTest.acmeWithBob(server);
        server.send("PUT", "/api/v1/orgs/acme/token-policy", "token " + admin,
                "{\"forbid_classic\":false,\"max_lifetime_days\":null,\"require_approval\":true}");
        page.signIn("bob", OrgPagesHttpTest.BOB_PASSWORD);
        page.open("/settings/tokens/new-fine-grained");
        assertThat(page.text("#policy-acme")).contains("an owner must approve");
        page.field("name").sendKeys("read acme");
        page.field("owner-bob").click();
        page.field("owner-acme").click();
        page.field("access-acme-selected").click();
        page.field("repo-acme/api").click();
        page.select("permission_contents").selectByVisibleText("Read");
        page.navigate(By.id("generate-token"));
        String secret = page.text("#token-secret");
        assertThat(secret).startsWith("lkf_");
        page.navigate(By.id("back-to-tokens"));
        assertThat(page.text(".token-item .label")).isEqualTo("pending approval");
        assertThat(page.apiStatus(secret, "/api/v1/repos/acme/api")).isEqualTo(403);
        assertThat(page.apiBody(secret, "/api/v1/repos/acme/api")).containsIgnoringCase("approv");
        page.signOut();

        page.signIn(FirstAdmin.LOGIN, server.adminPassword());
        page.navigate(By.id("orgs-link"));
        page.navigate(By.linkText("Personal access tokens"));
        assertThat(page.text("#requests")).contains("read acme", "requested by bob", "Repositories: api", "contents: read");
        browser.phoneWidth();
        assertThat(page.scrollWidth()).as("no horizontal scrolling at phone width").isLessThanOrEqualTo(390);
        browser.screenshot("org-pending-request-phone");
        page.navigate(By.cssSelector("#requests button.btn-primary"));
        assertThat(page.text("#notice")).contains("approved");
        assertThat(page.text("#org-tokens")).contains("read acme", "held by bob");
        assertThat(page.apiStatus(secret, "/api/v1/repos/acme/api")).isEqualTo(200);
    }

    @Test
    void the_usage_panel_shows_a_request_made_with_the_token_and_the_advice_what_it_never_needed() throws Exception {
        JsonNode token = server.createToken(server.signInAdmin(),
                "{\"name\":\"reader\",\"scopes\":[\"read:user\",\"workflow\"],\"expires_in_days\":30}");
        String secret = token.get("token").asText();
        assertThat(page.apiStatus(secret, "/api/v1/user")).isEqualTo(200);
        server.latchkey().flushUsage();
        page.signIn(FirstAdmin.LOGIN, server.adminPassword());
        page.navigate(By.linkText("reader"));
        assertThat(page.text("#usage-log")).contains("allowed", "GET /api/v1/user", "from 127.0.0.1");
        assertThat(page.text("#advice-unused-grants")).contains("workflow");
        assertThat(page.text("#advice-suggestion")).isNotEmpty();
        driver.findElement(By.id("usage")).getLocation();
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("document.getElementById('usage').scrollIntoView();");
    }

    @Test
    void the_security_log_filters_by_event_type_and_token_and_keeps_the_filters_across_pages() {
        String session = server.signInAdmin();
        long kept = server.createToken(session, "{\"name\":\"kept\",\"scopes\":[]}").get("id").asLong();
        for (int i = 0; i < 31; i++) {
            server.createToken(session, "{\"name\":\"t" + i + "\",\"scopes\":[]}");
        }
        server.send("POST", "/api/v1/user/tokens/" + kept + "/revoke", "token " + session, null);
        page.signIn(FirstAdmin.LOGIN, server.adminPassword());
        page.navigate(By.linkText("Security log"));
        page.select("filter-action").selectByValue("token.created");
        page.navigate(By.id("apply-filters"));
        assertThat(driver.findElements(By.cssSelector("#security-log li"))).hasSize(30);
        assertThat(driver.findElements(By.cssSelector("#security-log code.action")))
                .allSatisfy(action -> assertThat(action.getText()).isEqualTo("token.created"));
        page.navigate(By.id("older"));
        assertThat(driver.getCurrentUrl()).contains("action=token.created", "before=");
        assertThat(page.text("#security-log")).contains("“kept”", "“t0”");
        assertThat(page.select("filter-action").getFirstSelectedOption().getAttribute("value")).isEqualTo("token.created");

        page.select("filter-action").selectByValue("");
        page.select("filter-token").selectByValue(Long.toString(kept));
        page.navigate(By.id("apply-filters"));
        assertThat(page.text("#security-log")).contains("token.revoked", "token.created").doesNotContain("“t1”");
        assertThat(driver.findElements(By.cssSelector("#security-log li"))).hasSize(2);
    }
}
