package org.latchkey.scan;

import java.util.List;
import org.latchkey.InvalidField;
import org.latchkey.Text;
import org.latchkey.audit.Origin;
import org.latchkey.token.ClientSecretFormat;
import org.latchkey.token.TokenService;

/**
 * Takes reports of leaked credentials from anyone: every live Latchkey token in a report is revoked
 * and its owner told where it was found; an OAuth app's client secret is removed from its app. The reporter learns nothing about what matched, so the
 * endpoint cannot be used to test whether a secret is live.
 */
public final class LeakReports {

    public static final int MAX_CREDENTIALS = 1000;
    public static final int MAX_CREDENTIAL_LENGTH = 256;
    public static final int MAX_SOURCE_LENGTH = 500;

    private final TokenService tokens;
    private final ReportThrottle throttle;
    private final LeakedClientSecrets clientSecrets;

    public LeakReports(TokenService tokens, ReportThrottle throttle) {
        this(tokens, throttle, LeakedClientSecrets.NONE);
    }

    public LeakReports(TokenService tokens, ReportThrottle throttle, LeakedClientSecrets clientSecrets) {
        this.tokens = tokens;
        this.throttle = throttle;
        this.clientSecrets = clientSecrets;
    }

    /** Counts the call against the reporter's address first, so even a refused report uses allowance. */
    public void admit(Origin reporter) {
        throttle.acquire(reporter.ip());
    }

    /** Validates the whole report before acting on any of it; never names a submitted string. */
    public void report(List<String> credentials, String source, Origin reporter) {
        if (credentials.isEmpty() || credentials.size() > MAX_CREDENTIALS) {
            throw InvalidField.invalid("credentials", "must hold 1 to " + MAX_CREDENTIALS + " strings, got " + credentials.size());
        }
        for (int i = 0; i < credentials.size(); i++) {
            if (credentials.get(i).length() > MAX_CREDENTIAL_LENGTH) {
                throw InvalidField.invalid("credentials[" + i + "]", "is longer than " + MAX_CREDENTIAL_LENGTH + " characters");
            }
        }
        String where = source == null || source.isBlank() ? null : Text.requireClean("source", source, MAX_SOURCE_LENGTH, false);
        for (String credential : credentials) {
            String stripped = credential.strip();
            if (ClientSecretFormat.isWellFormed(stripped)) {
                clientSecrets.revokeReportedLeak(stripped, where, reporter);
            } else {
                tokens.revokeReportedLeak(stripped, where, reporter);
            }
        }
    }
}
