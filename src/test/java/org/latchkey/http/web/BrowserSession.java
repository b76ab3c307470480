package org.latchkey.http.web;

import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.latchkey.Settings;
import org.latchkey.TestServer;
import org.latchkey.store.TestDatabases.Engine;

/**
 * A headless Chromium and a server on H2 for each test of a browser test class: started before it,
 * and after it a screenshot of where it ended (named from the test method's name), then both closed.
 */
final class BrowserSession implements BeforeEachCallback, AfterEachCallback {

    private final Supplier<TestServer> startServer;
    private final UnaryOperator<String> screenshotName;
    private Browser browser;
    private TestServer server;

    private BrowserSession(Supplier<TestServer> startServer, UnaryOperator<String> screenshotName) {
        this.startServer = startServer;
        this.screenshotName = screenshotName;
    }

    /** With a server on H2 as {@link TestServer#start(Engine)} starts it. */
    static BrowserSession onH2(UnaryOperator<String> screenshotName) {
        return new BrowserSession(() -> TestServer.start(Engine.H2), screenshotName);
    }

    /** With a server on H2 whose settings are customised. */
    static BrowserSession onH2(UnaryOperator<Settings> settings, UnaryOperator<String> screenshotName) {
        return new BrowserSession(() -> TestServer.start(Engine.H2, settings), screenshotName);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        browser = Browser.start();
        server = startServer.get();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (browser != null) {
                browser.screenshot(screenshotName.apply(context.getRequiredTestMethod().getName()));
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    Browser browser() {
        return browser;
    }

    TestServer server() {
        return server;
    }

    BrowserPages page() {
        return new BrowserPages(browser.driver, server);
    }
}
