package org.latchkey.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code latchkey_security_alerts_total{rule, notice}}: alerts raised by rule, {@code notice}
 * "notified" when the owner was told and "suppressed" when the rate limit held the notice back.
 * Every counter is created up front.
 */
final class AlertCounters {

    private final Map<AlertRule, Counter> notified = new EnumMap<>(AlertRule.class);
    private final Map<AlertRule, Counter> suppressed = new EnumMap<>(AlertRule.class);

    AlertCounters(MeterRegistry registry) {
        for (AlertRule rule : AlertRule.values()) {
            notified.put(rule, counter(registry, rule, "notified"));
            suppressed.put(rule, counter(registry, rule, "suppressed"));
        }
    }

    private static Counter counter(MeterRegistry registry, AlertRule rule, String notice) {
        return Counter.builder("latchkey.security.alerts")
                .description("Security alerts raised, by rule and whether the owner was notified")
                .tag("rule", rule.wireName()).tag("notice", notice).register(registry);
    }

    void raised(AlertRule rule, boolean wasNotified) {
        (wasNotified ? notified : suppressed).get(rule).increment();
    }
}
