package org.latchkey.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The server's counters, all created once so the hot path only increments a counter it already
 * holds: no tags are computed and no meter is looked up per request.
 */
public final class Metrics {

    private final MeterRegistry registry;
    private final Counter[] httpByClass = new Counter[6];
    private final Counter authSuccess;
    private final Counter authBadCredentials;
    private final Counter authExpired;
    private final Counter authRevoked;
    private final Counter authSuspended;
    private final Counter authAccountDisabled;
    private final Counter authLockedOut;
    private final Counter authRateLimited;
    private final Counter pushRefusedWorkflow;
    private final Counter pushRefusedSecret;
    private final Counter publishRefusedSecret;
    private final Timer storeLookup;

    public Metrics(MeterRegistry registry) {
        this.registry = registry;
        for (int i = 1; i <= 5; i++) {
            httpByClass[i] = Counter.builder("latchkey.http.requests").description("HTTP requests answered, by status class")
                    .tag("status", i + "xx").register(registry);
        }
        authSuccess = auth("success");
        authBadCredentials = auth("bad_credentials");
        authExpired = auth("expired");
        authRevoked = auth("revoked");
        authSuspended = auth("suspended");
        authAccountDisabled = auth("account_disabled");
        authLockedOut = auth("locked_out");
        authRateLimited = auth("rate_limited");
        pushRefusedWorkflow = pushRefused("workflow");
        pushRefusedSecret = pushRefused("secret");
        publishRefusedSecret = Counter.builder("latchkey.packages.publishes.refused")
                .description("Package publishes refused, by reason").tag("reason", "secret").register(registry);
        storeLookup = Timer.builder("latchkey.store.token.lookup")
                .description("Loading a token and its user from the store on a cache miss").register(registry);
    }

    /** Metrics kept in memory and never published: for parts built outside a server. */
    public static Metrics unpublished() {
        return new Metrics(new SimpleMeterRegistry());
    }

    /** Adds JVM memory, thread and processor gauges. */
    public Metrics withJvm() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return this;
    }

    private Counter auth(String outcome) {
        return Counter.builder("latchkey.authentications").description("Token authentications, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private Counter pushRefused(String reason) {
        return Counter.builder("latchkey.git.pushes.refused").description("Pushes refused, by reason")
                .tag("reason", reason).register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void httpResponse(int status) {
        int statusClass = status / 100;
        if (statusClass >= 1 && statusClass <= 5) {
            httpByClass[statusClass].increment();
        }
    }

    public void authSuccess() {
        authSuccess.increment();
    }

    public void authBadCredentials() {
        authBadCredentials.increment();
    }

    public void authExpired() {
        authExpired.increment();
    }

    public void authRevoked() {
        authRevoked.increment();
    }

    public void authSuspended() {
        authSuspended.increment();
    }

    public void authAccountDisabled() {
        authAccountDisabled.increment();
    }

    public void authLockedOut() {
        authLockedOut.increment();
    }

    public void authRateLimited() {
        authRateLimited.increment();
    }

    public void pushRefusedWorkflow() {
        pushRefusedWorkflow.increment();
    }

    public void pushRefusedSecret() {
        pushRefusedSecret.increment();
    }

    public void publishRefusedSecret() {
        publishRefusedSecret.increment();
    }

    public Timer storeLookup() {
        return storeLookup;
    }
}
