package org.latchkey.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.latchkey.InvalidField;
import org.latchkey.scan.LeakReports;

/**
 * {@code POST /api/v1/credentials/revoke}: anyone may report leaked credentials, without
 * authentication. The answer is the same 202 whatever the report held; no submitted string is
 * logged or echoed, not even in an error.
 */
public final class LeakRoutes implements RouteGroup {

    static final String PATH = "/api/v1/credentials/revoke";
    static final String THANKS = "Thank you. Any live Latchkey tokens in the list have been revoked.";
    private static final Set<String> FIELDS = Set.of("credentials", "source");

    private final LeakReports reports;
    private final ObjectMapper mapper = Json.mapper();

    public LeakRoutes(LeakReports reports) {
        this.reports = reports;
    }

    @Override
    public void register(Routes routes) {
        routes.open().post(PATH, this::report);
    }

    private void report(Context ctx) throws Exception {
        ctx.header("Cache-Control", "no-store");
        reports.admit(Api.origin(ctx));
        JsonNode body = body(ctx);
        reports.report(credentials(body), source(body), Api.origin(ctx));
        ctx.status(202).json(Map.of("message", THANKS));
    }

    private JsonNode body(Context ctx) throws Exception {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw Api.badRequest("A JSON body is required");
        }
        JsonNode body = mapper.readTree(bytes);
        if (body == null || !body.isObject()) {
            throw Api.badRequest("The body must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            if (!FIELDS.contains(names.next())) {
                throw InvalidField.invalid("body", "may hold only the fields credentials and source");
            }
        }
        return body;
    }

    private static List<String> credentials(JsonNode body) {
        JsonNode list = body.get("credentials");
        if (list == null || list.isNull()) {
            throw InvalidField.missing("credentials");
        }
        if (!list.isArray()) {
            throw InvalidField.invalid("credentials", "must be an array of strings");
        }
        List<String> credentials = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isTextual()) {
                throw InvalidField.invalid("credentials[" + i + "]", "must be a string");
            }
            credentials.add(list.get(i).asText());
        }
        return credentials;
    }

    private static String source(JsonNode body) {
        JsonNode source = body.get("source");
        if (source == null || source.isNull()) {
            return null;
        }
        if (!source.isTextual()) {
            throw InvalidField.invalid("source", "must be a string");
        }
        return source.asText();
    }
}
