package org.latchkey.trust;

import java.util.Map;

/** The claims of GitHub Actions' release job for acme/app, for tests in other packages. */
public final class TrustMatchingTestClaims {

    private TrustMatchingTestClaims() {
    }

    public static Map<String, Object> githubJob() {
        return TrustMatchingTest.githubJob();
    }
}
