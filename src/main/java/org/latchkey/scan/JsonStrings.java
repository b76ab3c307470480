package org.latchkey.scan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.latchkey.token.TokenFormat;

/**
 * Finds secrets in a JSON document's strings and field names as a JSON reader sees them, escapes
 * decoded: {@code "\u006ckp_…"} is a token, and so is one that follows {@code \n} in a README,
 * which a scan of the raw text takes for a token glued to the letter n. Reads as it goes, in bounded
 * memory apart from one string at a time.
 */
public final class JsonStrings {

    /** The longest string read: as long as a publish body, so a manifest sent is read whole. */
    static final int MAX_STRING = 32 << 20;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING).build())
            .disable(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

    /**
     * A secret in a JSON document: in the value of {@code field} (as {@code scripts.test} or
     * {@code keywords[2]}, or a phrase when it would repeat a secret), or in a field name when
     * {@code field} is null; {@code line} is where the string starts.
     */
    public record Found(Finding finding, String field, long line) {
    }

    private JsonStrings() {
    }

    /** The secrets in the document; throws IOException when it is not JSON, after finding what it could. */
    public static List<Found> scan(InputStream json, List<Found> into) throws IOException {
        try (JsonParser parser = JSON.createParser(json)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) {
                    long line = parser.currentTokenLocation().getLineNr();
                    String field = token == JsonToken.FIELD_NAME ? null : field(parser.getParsingContext());
                    StreamWindow.in(parser.getText()).forEach(finding -> into.add(new Found(finding, field, line)));
                }
            }
        }
        return into;
    }

    /** The secrets in a document that is known to be JSON (a manifest as stored); none when it is not. */
    public static List<Found> scan(String json) {
        List<Found> found = new ArrayList<>(0);
        try {
            return scan(new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), found);
        } catch (IOException notJson) {
            return found;
        }
    }

    private static String field(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            path.insert(0, at.inArray() ? "[" + at.getCurrentIndex() + "]" : "." + at.getCurrentName());
        }
        String shown = path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
        return TokenFormat.containsSecret(shown) ? "(a field within one whose name holds a token secret)"
                : TarballScanner.shown(shown);
    }
}
