package org.latchkey.git;

import org.latchkey.token.TokenFormat;

/** Ref names as they may be shown: from the first part that may hold a token secret on, an ellipsis. */
final class RefNames {

    private RefNames() {
    }

    static String shown(String ref) {
        if (!TokenFormat.mayHoldSecret(ref)) {
            return ref;
        }
        StringBuilder shown = new StringBuilder();
        for (String part : ref.split("/", -1)) {
            if (TokenFormat.mayHoldSecret(part)) {
                break;
            }
            shown.append(part).append('/');
        }
        return shown.append('…').toString();
    }
}
