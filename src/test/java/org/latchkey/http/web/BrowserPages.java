package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.latchkey.TestServer;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What a browser test does on a page: open, click through to the next page and wait for it, read text, sign in. */
final class BrowserPages {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final WebDriver driver;
    private final TestServer server;

    BrowserPages(WebDriver driver, TestServer server) {
        this.driver = driver;
        this.server = server;
    }

    void open(String path) {
        driver.get(server.baseUrl() + path);
    }

    /** Clicks something that loads a new page, and waits until it has. */
    void navigate(By by) {
        WebElement element = driver.findElement(by);
        element.click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.until(d -> {
            try {
                element.isEnabled();
                return false;
            } catch (WebDriverException gone) {
                return true;
            }
        });
        wait.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState;")));
    }

    void signIn(String login, String password) {
        open("/login");
        signInHere(login, password);
        assertThat(driver.getCurrentUrl()).endsWith("/settings/tokens");
    }

    /** Fills in the sign-in form the browser shows (a login kept from a failed try is replaced) and sends it. */
    void signInHere(String login, String password) {
        field("login").clear();
        field("login").sendKeys(login);
        field("password").sendKeys(password);
        navigate(By.cssSelector("form[action='/login'] button[type=submit]"));
    }

    void signOut() {
        navigate(By.cssSelector("form[action='/logout'] button"));
    }

    WebElement field(String id) {
        return driver.findElement(By.id(id));
    }

    String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText().strip();
    }

    Select select(String id) {
        return new Select(field(id));
    }

    List<String> optionTexts(String id) {
        return select(id).getOptions().stream().map(WebElement::getText).toList();
    }

    /** How wide the page is drawn: no wider than the window means no horizontal scrolling. */
    int scrollWidth() {
        return ((Number) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollWidth;")).intValue();
    }

    int apiStatus(String secret, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "token " + secret).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    String apiBody(String secret, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "token " + secret).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
