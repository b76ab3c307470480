package org.latchkey.http;

import org.latchkey.TestServer;

/** The job-token set-up of {@link JobTokenApiTest}, for tests in other packages. */
public final class JobTokenApiTestAccess {

    private JobTokenApiTestAccess() {
    }

    /** acme with repositories app and other and a release policy granting app and @acme/app. */
    public static void acme(TestServer server, String adminSession) {
        JobTokenApiTest.acme(server, adminSession);
    }

    /** Only the policy, named "app release", on an acme that has a repository app. */
    public static void acmePolicy(TestServer server, String adminSession) {
        JobTokenApiTest.policy(server, adminSession, "app release");
    }

    /** The secret of a job token minted for acme/app's release job. */
    public static String mint(TestServer server, String adminSession) {
        return JobTokenApiTest.mint(server, adminSession).secret();
    }
}
