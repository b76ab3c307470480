package org.latchkey.oauth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.latchkey.token.Scope;
import org.latchkey.token.Scopes;

/** The {@code scope} parameter: names separated by spaces or commas, as GitHub accepts them. */
final class ScopeRequest {

    private ScopeRequest() {
    }

    /** The scopes named, or empty when one is unknown or the text is too long. */
    static Optional<Scopes> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of(Scopes.NONE);
        }
        if (text.length() > 1000) {
            return Optional.empty();
        }
        List<Scope> scopes = new ArrayList<>();
        for (String name : text.split("[ ,]+")) {
            if (name.isEmpty()) {
                continue;
            }
            Optional<Scope> scope = Scope.fromWireName(name);
            if (scope.isEmpty()) {
                return Optional.empty();
            }
            scopes.add(scope.get());
        }
        return Optional.of(Scopes.of(scopes));
    }
}
