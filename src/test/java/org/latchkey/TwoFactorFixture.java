package org.latchkey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.latchkey.TestServer.Response;

/** Turns two-factor authentication on for a signed-in user through the API, as a test's setup. */
public final class TwoFactorFixture {

    /** What enrolment gave: the secret (as an authenticator app holds it) and the recovery codes. */
    public record Enrolled(String session, String secret, List<String> recoveryCodes) {
    }

    private TwoFactorFixture() {
    }

    /**
     * Starts and confirms an enrolment for the session's user, then moves the clock on one step so
     * that the next code differs from the one used to confirm.
     */
    public static Enrolled enrol(TestServer server, String session) {
        Response started = server.send("POST", "/api/v1/user/two-factor", "token " + session, null);
        if (started.status() != 201) {
            throw new AssertionError("enrolment failed: " + started.status() + " " + started.body());
        }
        String secret = started.json().get("secret").asText();
        Response confirmed = server.send("POST", "/api/v1/user/two-factor/confirm", "token " + session,
                "{\"otp\":\"" + TestTotp.code(secret, server.clock()) + "\"}");
        if (confirmed.status() != 200) {
            throw new AssertionError("confirmation failed: " + confirmed.status() + " " + confirmed.body());
        }
        List<String> codes = new ArrayList<>();
        confirmed.json().get("recovery_codes").forEach(code -> codes.add(code.asText()));
        server.clock().advance(Duration.ofSeconds(30));
        return new Enrolled(session, secret, codes);
    }
}
