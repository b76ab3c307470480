package org.latchkey.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule: a token used from an address or a user agent never seen for it, once it has an established
 * pattern: at least {@value #MIN_USES} uses over at least {@link #MIN_AGE} (3 days) from at most
 * {@value #MAX_KNOWN} distinct addresses (for a new address) or user agents (for a new user agent).
 * A token used from more places than that, or too new or too seldom used, has no pattern a new
 * origin departs from, so it raises nothing. One alert per token and new address or user agent,
 * ever.
 */
final class NewOriginRule {

    static final int MIN_USES = 20;
    static final Duration MIN_AGE = Duration.ofDays(3);
    static final int MAX_KNOWN = 3;

    private NewOriginRule() {
    }

    static List<NewAlert> alerts(PatternUpdate update) {
        List<NewAlert> alerts = new ArrayList<>();
        UsagePattern before = update.before();
        if (before == null || before.uses() < MIN_USES) {
            return alerts;
        }
        if (before.ips() <= MAX_KNOWN) {
            update.newIps().forEach(ip -> add(alerts, update, AlertRule.NEW_IP, ip, before.ips()));
        }
        if (before.userAgents() <= MAX_KNOWN) {
            update.newUserAgents().forEach(agent -> add(alerts, update, AlertRule.NEW_USER_AGENT, agent, before.userAgents()));
        }
        return alerts;
    }

    private static String noun(boolean address, int count) {
        if (address) {
            return count == 1 ? "address" : "addresses";
        }
        return count == 1 ? "client" : "clients";
    }

    private static void add(List<NewAlert> alerts, PatternUpdate update, AlertRule rule, PatternUpdate.Sighting seen,
                            int known) {
        UsagePattern before = update.before();
        if (Duration.between(before.firstUsedAt(), seen.at()).compareTo(MIN_AGE) < 0) {
            return;
        }
        boolean address = rule == AlertRule.NEW_IP;
        Map<String, String> details = new LinkedHashMap<>();
        details.put("token_name", update.tokenName());
        details.put(address ? "ip" : "user_agent", seen.value());
        details.put("known", Integer.toString(known));
        details.put("uses_before", Long.toString(before.uses()));
        details.put("used_since", before.firstUsedAt().toString());
        String what = address ? "address " + seen.value() : "client '" + Alerts.shown(seen.value()) + "'";
        String message = "Your token " + Alerts.token(update.tokenName(), update.tokenId()) + " was used from a new "
                + what + " on " + Alerts.time(seen.at()) + ". Since " + Alerts.time(before.firstUsedAt()) + " it had been"
                + " used " + before.uses() + " times from only " + known + " " + noun(address, known) + ". If this was not you or a system of yours,"
                + " revoke the token now (latchkey token revoke " + update.tokenId() + ") and read its usage"
                + " (latchkey token usage " + update.tokenId() + ").";
        String key = rule.wireName() + ":" + update.tokenId() + ":" + AlertKeys.shortDigest(seen.value());
        alerts.add(new NewAlert(update.userId(), update.tokenId(), rule, seen.at(), address ? seen.value() : null,
                address ? null : seen.value(), message, details, key));
    }
}
