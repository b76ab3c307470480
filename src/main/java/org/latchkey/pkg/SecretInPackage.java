package org.latchkey.pkg;

import java.util.List;
import org.latchkey.Refusal;

/** A publish refused by {@link PublishProtection}: the tarball holds a live token, at the locations named. */
public final class SecretInPackage extends Refusal {

    SecretInPackage(String fullName, String version, List<String> locations) {
        super("publish of " + fullName + "@" + version + " declined: the tarball contains a live Latchkey token"
                + " (push protection): " + String.join("; ", locations) + ". Remove the token from the package (add the"
                + " file to .npmignore or the \"files\" list), then regenerate the token, since it was exposed:"
                + " latchkey token regenerate ID.");
    }

    @Override
    public Kind kind() {
        return Kind.INVALID_FIELD;
    }

    @Override
    public String code() {
        return "secret_detected";
    }
}
