package org.latchkey.audit;

/** Takes token uses on the request thread; must never block or fail the request. */
@FunctionalInterface
public interface UsageSink {

    /** Records nothing: for tests and tools that build parts of the server alone. */
    UsageSink NONE = event -> { };

    void record(UsageEvent event);
}
