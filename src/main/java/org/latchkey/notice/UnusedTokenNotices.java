package org.latchkey.notice;

import java.util.LinkedHashMap;
import java.util.Map;
import org.latchkey.HumanTime;
import org.latchkey.token.Token;
import org.latchkey.token.UnusedTokens;

/**
 * Tells a token's owner that it was revoked for disuse: once per token (the notice's key is the
 * token's id, so a job that runs again, or on another node, tells nobody twice).
 */
public final class UnusedTokenNotices implements UnusedTokens.Listener {

    public static final String EVENT = "token.revoked_unused";

    private final Notifier notifier;

    public UnusedTokenNotices(Notifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public void revoked(Token token, int days) {
        notifier.tell(notice(token, days));
    }

    static Notice notice(Token token, int days) {
        String lastUsed = token.usage().lastUsedAt() == null ? "it was never used"
                : "it was last used on " + HumanTime.format(token.usage().lastUsedAt());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("token_id", Long.toString(token.id()));
        fields.put("token_name", token.name());
        fields.put("revoked_at", token.revokedAt().toString());
        fields.put("unused_days", Integer.toString(days));
        fields.put("last_used_at", token.usage().lastUsedAt() == null ? "never" : token.usage().lastUsedAt().toString());
        String text = "Your personal access token '" + token.name() + "' (id " + token.id() + ") was revoked on "
                + HumanTime.format(token.revokedAt()) + " because it was not used for " + days + " days (" + lastUsed
                + ").\n\nIf something still needs it, create a new token with only the access it needs"
                + " (latchkey token create --name \"" + token.name() + "\" …) and give it to that system."
                + " Nothing else is needed: a token nobody uses is one less to leak.";
        return new Notice(token.userId(), EVENT, EVENT + ":" + token.id(),
                "Your token '" + token.name() + "' was revoked after " + days + " days unused", text, fields);
    }
}
