package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.latchkey.TestServer;
import org.latchkey.account.FirstAdmin;
import org.latchkey.http.JobTokenApiTestAccess;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The "Trusted publishers" page of an organisation in a real headless Chromium: a policy made from
 * GitHub's claims by name, a refusal that names what to add, the job tokens it mints, and deleting it.
 */
class TrustedPublishersBrowserTest {

    @RegisterExtension
    final BrowserSession session = BrowserSession.onH2(TestServer::trustingCi, test -> test);

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
    void an_owner_creates_a_github_policy_by_claim_names_sees_its_job_tokens_and_deletes_it() throws Exception {
        String admin = OrgPagesHttpTest.acmeWithBob(server);
        page.signIn(FirstAdmin.LOGIN, server.adminPassword());
        page.navigate(By.id("job-tokens-tab"));
        assertThat(driver.getCurrentUrl()).endsWith("/settings/trusted-publishers#jobs-title");
        assertThat(page.text("h1")).isEqualTo("admin · Trusted publishers");
        page.navigate(By.id("orgs-link"));
        page.navigate(By.cssSelector("[aria-label='Trusted publishers of acme']"));
        assertThat(driver.getCurrentUrl()).endsWith("/orgs/acme/settings/trusted-publishers");
        assertThat(page.text("#no-policies")).contains("No trust policy");

        page.field("name").sendKeys("release");
        page.field("gh_repository").sendKeys("acme/api");
        page.field("gh_workflow").sendKeys("release.yml");
        page.field("gh_ref").sendKeys("refs/tags/v*");
        page.field("repositories").sendKeys("api");
        page.select("contents").selectByValue("write");
        page.navigate(By.id("create-policy"));
        assertThat(page.text("#form-error")).contains("add \"repository_owner_id\"");
        assertThat(page.field("gh_repository").getAttribute("value")).isEqualTo("acme/api");

        page.field("gh_repository_owner_id").sendKeys("4242");
        page.navigate(By.id("create-policy"));
        assertThat(page.text("#notice")).contains("The trust policy was saved");
        assertThat(page.text("#policies")).contains("release", "github", "repository=acme/api",
                "job_workflow_ref=acme/api/.github/workflows/release.yml@*", "ref=refs/tags/v*", "Repositories: api");

        assertThat(page.text("#no-jobs")).contains("No job token");
        assertThat(server.send("POST", "/api/v1/orgs/acme/repos", "token " + admin, "{\"name\":\"app\"}").status()).isEqualTo(201);
        JobTokenApiTestAccess.acmePolicy(server, admin);
        String revoked = JobTokenApiTestAccess.mint(server, admin);
        page.open("/orgs/acme/settings/trusted-publishers");
        assertThat(page.text("#jobs")).contains("acme/app's release.yml, run 1234", "active");
        page.navigate(By.cssSelector("#jobs button"));
        assertThat(page.text("#notice")).contains("The job token was revoked");
        assertThat(page.text("#jobs")).contains("revoked");
        assertThat(page.apiStatus(revoked, "/api/v1/repos/acme/app")).isEqualTo(401);
        String job = JobTokenApiTestAccess.mint(server, admin);
        assertThat(page.apiStatus(job, "/api/v1/repos/acme/app")).isEqualTo(200);

        page.navigate(By.cssSelector("[aria-label='Delete app release']"));
        assertThat(page.text("#notice")).contains("deleted");
        assertThat(page.apiStatus(job, "/api/v1/repos/acme/app")).isEqualTo(401);
        server.clock().advance(java.time.Duration.ofHours(3));
        page.open("/orgs/acme/settings/trusted-publishers");
        page.field("name").sendKeys("late");
        page.navigate(By.id("create-policy"));
        assertThat(driver.getCurrentUrl()).contains("/sudo?return_to=%2Forgs%2Facme%2Fsettings%2Ftrusted-publishers");
        page.open("/orgs/acme/settings/trusted-publishers");
        browser.phoneWidth();
        assertThat(page.scrollWidth()).as("no horizontal scrolling at phone width").isLessThanOrEqualTo(390);
    }
}
