package org.latchkey.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.latchkey.InvalidField;
import org.latchkey.audit.UsageEntry;
import org.latchkey.audit.UsageKind;
import org.latchkey.audit.UsageLog;
import org.latchkey.audit.UsageQuery;

/**
 * Answers one page of a token's usage log, newest first, with a {@code Link: rel="next"} header
 * that keeps the filters: {@code outcome}, {@code since}, {@code until}, {@code kind}, {@code repository}.
 */
public final class UsagePages {

    /** One line of the log; {@code app} names the OAuth app whose access token made it (absent for other tokens). */
    record UsageJson(long id, Instant at, int uses, String kind, String operation, String action, String repository,
                     String ip, String userAgent, String outcome, @JsonInclude(JsonInclude.Include.NON_NULL) AppJson app) {
        static UsageJson of(UsageEntry entry, AppJson app) {
            return new UsageJson(entry.id(), entry.at(), entry.uses(), entry.kind().wireName(), entry.operation(),
                    entry.action(), entry.repository(), entry.ip(), entry.userAgent(),
                    entry.allowed() ? "allowed" : "denied", app);
        }
    }

    /** The OAuth app an app token belongs to. */
    record AppJson(String name, String clientId) {
    }

    static final int DEFAULT_PAGE = 30;
    static final int MAX_PAGE = 100;
    private static final List<String> FILTERS = List.of("outcome", "since", "until", "kind", "repository");

    private final UsageLog usage;

    public UsagePages(UsageLog usage) {
        this.usage = usage;
    }

    /** The page for token {@code tokenId}, whose owner the caller has already checked. */
    void answer(Context ctx, long tokenId) {
        answer(ctx, tokenId, null);
    }

    /** The page for an OAuth app's token: each line names the app. */
    void answer(Context ctx, long tokenId, AppJson app) {
        int perPage = perPage(ctx.queryParam("per_page"));
        Long beforeId = before(ctx.queryParam("before"));
        Boolean allowed = outcome(ctx.queryParam("outcome"));
        Instant since = instant("since", ctx.queryParam("since"));
        Instant until = instant("until", ctx.queryParam("until"));
        UsageKind kind = kind(ctx.queryParam("kind"));
        String[] repository = repository(ctx.queryParam("repository"));
        List<UsageEntry> entries = usage.page(new UsageQuery(tokenId, beforeId, perPage, allowed, since, until, kind,
                repository == null ? null : repository[0], repository == null ? null : repository[1]));
        if (entries.size() == perPage) {
            StringBuilder next = new StringBuilder("per_page=" + perPage);
            for (String filter : FILTERS) {
                String value = ctx.queryParam(filter);
                if (value != null) {
                    next.append('&').append(filter).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                }
            }
            next.append("&before=").append(entries.get(entries.size() - 1).id());
            Links.nextPage(ctx, next.toString());
        }
        ctx.json(entries.stream().map(entry -> UsageJson.of(entry, app)).toList());
    }

    private static int perPage(String value) {
        if (value == null) {
            return DEFAULT_PAGE;
        }
        try {
            int perPage = Integer.parseInt(value);
            if (perPage >= 1 && perPage <= MAX_PAGE) {
                return perPage;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw InvalidField.invalid("per_page", "must be a whole number from 1 to " + MAX_PAGE);
    }

    private static Long before(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw InvalidField.invalid("before", "must be a whole number");
        }
    }

    private static Boolean outcome(String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "allowed" -> true;
            case "denied" -> false;
            default -> throw InvalidField.invalid("outcome", "must be allowed or denied");
        };
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw InvalidField.invalid(field, "must be an ISO-8601 instant such as 2026-11-25T10:00:00Z");
        }
    }

    private static UsageKind kind(String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "api" -> UsageKind.API;
            case "git" -> UsageKind.GIT;
            case "npm" -> UsageKind.NPM;
            default -> throw InvalidField.invalid("kind", "must be api, git or npm");
        };
    }

    private static String[] repository(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.split("/", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw InvalidField.invalid("repository", "must be OWNER/NAME");
        }
        return parts;
    }
}
