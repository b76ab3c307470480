package org.latchkey.pkg;

import java.util.List;
import org.latchkey.Refusal;

/** A publish refused by {@link PublishProtection}: the package holds a live token, at the locations named. */
public final class SecretInPackage extends Refusal {

    SecretInPackage(String fullName, String version, List<String> locations) {
        super("publish of " + fullName + "@" + version + " declined: the package contains a live Latchkey token"
                + " (push protection): " + String.join("; ", locations) + ". Remove the token from the package (from the"
                + " file or package.json field named; a file not meant to be published goes in .npmignore or out of the"
                + " \"files\" list), then regenerate the token, since it was exposed:"
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
