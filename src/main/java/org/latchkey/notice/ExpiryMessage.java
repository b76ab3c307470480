package org.latchkey.notice;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.latchkey.HumanTime;
import org.latchkey.token.Token;
import org.latchkey.token.TokenUsage;

/**
 * Writes an expiry notice: which token (name, id), when it expires, where it was last used, and
 * how to regenerate it on the web, with the CLI and with the API. Never the secret, which the
 * server does not have.
 */
final class ExpiryMessage {

    private final String publicUrl;

    ExpiryMessage(String publicUrl) {
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    Notice notice(Token token, ExpiryNotices.Stage stage, Instant now) {
        String expiry = token.expiresAt().toString();
        boolean expired = stage == ExpiryNotices.Stage.EXPIRED;
        String event = expired ? ExpiryNotices.EXPIRED : ExpiryNotices.EXPIRING;
        String key = expired ? event + ":" + token.id() + ":" + expiry
                : event + ":" + token.id() + ":" + stage.label() + ":" + expiry;
        return new Notice(token.userId(), event, key, subject(token, stage, now), text(token, stage, now),
                fields(token, stage));
    }

    private static String subject(Token token, ExpiryNotices.Stage stage, Instant now) {
        String name = "Your token \"" + token.name() + "\"";
        return stage == ExpiryNotices.Stage.EXPIRED ? name + " has expired"
                : name + " expires in " + remaining(Duration.between(now, token.expiresAt()));
    }

    private String text(Token token, ExpiryNotices.Stage stage, Instant now) {
        StringBuilder text = new StringBuilder();
        String when = HumanTime.format(token.expiresAt());
        text.append("Your personal access token \"").append(token.name()).append("\" (id ").append(token.id())
                .append(", ").append(kind(token)).append(") ");
        if (stage == ExpiryNotices.Stage.EXPIRED) {
            text.append("expired on ").append(when).append(". Requests and git operations with it are refused.\n\n");
        } else {
            text.append("expires on ").append(when).append(", in ")
                    .append(remaining(Duration.between(now, token.expiresAt()))).append(".\n\n");
        }
        text.append(lastUse(token.usage())).append("\n\n");
        text.append(stage == ExpiryNotices.Stage.EXPIRED ? "To use it again, regenerate it" : "To keep using it, regenerate it")
                .append(" with a new expiration; it keeps its id and settings, and the systems that use it need")
                .append(" the new secret:\n");
        text.append("  Web:  ").append(pageUrl(token)).append('\n');
        text.append("  CLI:  latchkey token regenerate ").append(token.id()).append(" --expires 30d\n");
        text.append("  API:  curl -X POST -H \"Authorization: token $SESSION\" ").append(apiUrl(token))
                .append(" -d '{\"expires_in_days\":30}'\n\n");
        text.append("If nothing uses it any more, let it expire or revoke it: latchkey token revoke ").append(token.id())
                .append('\n');
        return text.toString();
    }

    private static String kind(Token token) {
        return switch (token.type()) {
            case FINE_GRAINED -> "fine-grained";
            case CLASSIC -> token.scopes().wireNames().isEmpty() ? "classic, no scopes"
                    : "classic, scopes " + String.join(", ", token.scopes().wireNames());
            case SESSION -> "session";
            case JOB -> "job";
            case OAUTH_ACCESS, OAUTH_REFRESH -> "OAuth app " + token.name();
        };
    }

    private static String lastUse(TokenUsage usage) {
        if (usage.lastUsedAt() == null) {
            return "It has never been used.";
        }
        String from = usage.lastUsedIps().isEmpty() ? "" : " from " + usage.lastUsedIps().get(0);
        String agent = usage.lastUserAgent() == null ? "" : " (" + usage.lastUserAgent() + ")";
        return "It was last used on " + HumanTime.format(usage.lastUsedAt()) + from + agent + ".";
    }

    private Map<String, String> fields(Token token, ExpiryNotices.Stage stage) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("token_id", Long.toString(token.id()));
        fields.put("token_name", token.name());
        fields.put("token_type", token.type().wireName());
        fields.put("expires_at", token.expiresAt().toString());
        fields.put("threshold", stage.label());
        TokenUsage usage = token.usage();
        if (usage.lastUsedAt() != null) {
            fields.put("last_used_at", usage.lastUsedAt().toString());
        }
        if (!usage.lastUsedIps().isEmpty()) {
            fields.put("last_used_ip", usage.lastUsedIps().get(0));
        }
        fields.put("regenerate_url", pageUrl(token));
        fields.put("regenerate_api", apiUrl(token));
        fields.put("regenerate_command", "latchkey token regenerate " + token.id());
        return fields;
    }

    private String pageUrl(Token token) {
        return publicUrl + "/settings/tokens/" + token.id();
    }

    private String apiUrl(Token token) {
        return publicUrl + "/api/v1/user/tokens/" + token.id() + "/regenerate";
    }

    /** "6 days", "1 day", "23 hours", "1 hour", "45 minutes": whole units, rounded down. */
    static String remaining(Duration left) {
        if (left.toDays() >= 1) {
            return plural(left.toDays(), "day");
        }
        if (left.toHours() >= 1) {
            return plural(left.toHours(), "hour");
        }
        return plural(Math.max(1, left.toMinutes()), "minute");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
