package org.latchkey;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Records every line logged in this JVM during a test, rendered with its stack trace, so a test can
 * look for secrets in them. Levels are those of production ({@code logback.xml}: INFO, third-party
 * libraries at WARN), except that Latchkey's own loggers are recorded down to DEBUG. Register with
 * {@code @RegisterExtension}; {@link #failingOnTokens()} also fails every test after which a
 * captured line holds anything shaped like a token.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    private static final String LATCHKEY = "org.latchkey";

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<Runnable> undo = new ArrayList<>();
    private final boolean failOnTokens;

    public LogCapture() {
        this(false);
    }

    private LogCapture(boolean failOnTokens) {
        this.failOnTokens = failOnTokens;
    }

    /** A capture that fails the test if any line logged during it holds something shaped like a token. */
    public static LogCapture failingOnTokens() {
        return new LogCapture(true);
    }

    /** Every line captured so far, oldest first. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** All captured lines as one text. */
    public String text() {
        return String.join("", lines);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        LoggerContext loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayout layout = new PatternLayout();
        layout.setContext(loggers);
        layout.setPattern("%level %logger - %msg %mdc%n%xThrowable");
        layout.start();
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                lines.add(layout.doLayout(event));
            }
        };
        appender.setContext(loggers);
        appender.setName("log-capture");
        appender.start();
        attach(loggers.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME), Level.INFO, appender);
        attach(loggers.getLogger(LATCHKEY), Level.DEBUG, appender);
        undo.add(appender::stop);
    }

    private void attach(Logger logger, Level level, AppenderBase<ILoggingEvent> appender) {
        Level before = logger.getLevel();
        logger.setLevel(level);
        logger.addAppender(appender);
        undo.add(() -> {
            logger.detachAppender(appender);
            logger.setLevel(before);
        });
    }

    @Override
    public void afterEach(ExtensionContext context) {
        undo.forEach(Runnable::run);
        undo.clear();
        if (failOnTokens) {
            SecretScan.assertClean("the log", text(), List.of());
        }
        lines.clear();
    }
}
