package org.latchkey.advice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.latchkey.token.ResourceGrant;

/**
 * One owner of a suggested fine-grained token: the repositories to select (by name, with their ids
 * to compare with a token's grant), or, when none is needed, a selection ({@code public} or {@code all}).
 */
record Resource(long ownerId, String owner, ResourceGrant.Selection selection, Map<String, Long> repositories) {

    /** The {@code --resource} value: {@code acme:api,web}, {@code acme:public}. */
    String cliValue() {
        return owner + ":" + (selection == ResourceGrant.Selection.SELECTED
                ? String.join(",", repositories.keySet()) : selection.wireName());
    }

    /** As in the body of {@code POST /api/v1/user/tokens}. */
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("owner", owner);
        json.put("repositories", selection == ResourceGrant.Selection.SELECTED
                ? List.copyOf(repositories.keySet()) : selection.wireName());
        return json;
    }

    /** {@code acme: api, web} or {@code acme: public repositories}. */
    String describe() {
        return owner + ": " + (selection == ResourceGrant.Selection.SELECTED
                ? String.join(", ", repositories.keySet()) : selection.wireName() + " repositories");
    }

    /** Whether a token's grant on this owner is exactly this. */
    boolean sameAs(ResourceGrant grant) {
        return grant.ownerId() == ownerId && grant.selection() == selection
                && (selection != ResourceGrant.Selection.SELECTED || grant.repositoryIds().equals(Set.copyOf(repositories.values())));
    }
}
