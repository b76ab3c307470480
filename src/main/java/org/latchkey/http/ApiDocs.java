package org.latchkey.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The API reference, {@code docs/api.md}: served as an HTML page rendered once at start, or as the
 * Markdown itself to a client that asks for {@code text/markdown}. Every heading has an id made
 * from its text, and every error code in the table of the "Errors" section that has no heading of
 * its own is an anchor too, so each answer's {@code documentation_url} ({@code /docs/api#code})
 * lands on its code. Raw HTML in the Markdown is escaped, and unsafe link schemes dropped.
 */
final class ApiDocs {

    static final String PATH = "/docs/api";
    /** Where a code that has no entry of its own points: the section listing every error. */
    static final String ERRORS_ANCHOR = "errors";

    private static final String MARKDOWN = "text/markdown";
    private static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'none'";
    private static final String CODE = "[a-z][a-z0-9]*(?:_[a-z0-9]+)*";

    private final byte[] markdown;
    private final byte[] html;

    private ApiDocs(String markdown) {
        this.markdown = markdown.getBytes(StandardCharsets.UTF_8);
        this.html = render(markdown).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads and renders the reference packed in the jar. */
    static ApiDocs load() {
        try (var in = ApiDocs.class.getResourceAsStream("/docs/api.md")) {
            if (in == null) {
                throw new IllegalStateException("the API documentation is missing from the jar");
            }
            return new ApiDocs(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the API documentation from the jar", e);
        }
    }

    /** The anchor of {@code code} in the reference: the code itself, or the errors section for a bare HTTP status. */
    static String anchor(String code) {
        return code.startsWith("http_") ? ERRORS_ANCHOR : code;
    }

    void answer(Context ctx) {
        ctx.header("Vary", "Accept");
        ctx.header("X-Content-Type-Options", "nosniff");
        if (wantsMarkdown(ctx.header("Accept"))) {
            ctx.contentType(MARKDOWN + "; charset=utf-8").result(markdown);
            return;
        }
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.contentType("text/html; charset=utf-8").result(html);
    }

    void answerMarkdown(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(MARKDOWN + "; charset=utf-8").result(markdown);
    }

    /** The rendered HTML page. */
    String page() {
        return new String(html, StandardCharsets.UTF_8);
    }

    /** Markdown when the client names {@code text/markdown} at least as high as {@code text/html}. */
    static boolean wantsMarkdown(String accept) {
        if (accept == null) {
            return false;
        }
        double markdownQuality = -1;
        double htmlQuality = -1;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            double quality = quality(parts);
            if (type.equals(MARKDOWN)) {
                markdownQuality = Math.max(markdownQuality, quality);
            } else if (type.equals("text/html")) {
                htmlQuality = Math.max(htmlQuality, quality);
            }
        }
        return markdownQuality > 0 && markdownQuality >= htmlQuality;
    }

    private static double quality(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String parameter = parameters[i].strip();
            if (parameter.startsWith("q=")) {
                try {
                    return Double.parseDouble(parameter.substring(2));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    static String render(String markdown) {
        List<Extension> extensions = List.of(TablesExtension.create(), HeadingAnchorExtension.create());
        Node document = Parser.builder().extensions(extensions).build().parse(markdown);
        Set<String> headings = headingTexts(document);
        String body = HtmlRenderer.builder().extensions(extensions).escapeHtml(true).sanitizeUrls(true)
                .attributeProviderFactory(context -> new ErrorCodeAnchors(headings))
                .build().render(document);
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>API reference · Latchkey</title>
                  <link rel="stylesheet" href="/static/web.css">
                </head>
                <body>
                <header class="site-header"><a class="brand" href="/">Latchkey</a>
                <nav aria-label="Formats"><a class="docs-format" href="/docs/api.md">Markdown</a></nav></header>
                <main class="docs">
                """ + body + """
                </main>
                </body>
                </html>
                """;
    }

    private static Set<String> headingTexts(Node document) {
        Set<String> texts = new HashSet<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                texts.add(text(heading).strip().toLowerCase(Locale.ROOT));
            }
        });
        return texts;
    }

    private static String text(Node node) {
        StringBuilder text = new StringBuilder();
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof Text literal) {
                text.append(literal.getLiteral());
            } else if (child instanceof Code code) {
                text.append(code.getLiteral());
            } else {
                text.append(text(child));
            }
        }
        return text.toString();
    }

    /** Gives each error code in the "Errors" section's tables an id, unless a heading already has it or it came before. */
    private static final class ErrorCodeAnchors implements AttributeProvider {

        private final Set<String> taken;

        ErrorCodeAnchors(Set<String> headings) {
            this.taken = new HashSet<>(headings);
        }

        @Override
        public void setAttributes(Node node, String tagName, java.util.Map<String, String> attributes) {
            if (node instanceof Code code && code.getLiteral().matches(CODE) && inErrorsTable(code)
                    && taken.add(code.getLiteral())) {
                attributes.put("id", code.getLiteral());
            }
        }

        private static boolean inErrorsTable(Node node) {
            Node cell = node.getParent();
            while (cell != null && !(cell instanceof TableCell)) {
                cell = cell.getParent();
            }
            if (cell == null || ((TableCell) cell).isHeader()) {
                return false;
            }
            Node table = cell;
            while (table != null && !(table instanceof TableBlock)) {
                table = table.getParent();
            }
            if (table == null) {
                return false;
            }
            for (Node before = table.getPrevious(); before != null; before = before.getPrevious()) {
                if (before instanceof Heading heading && heading.getLevel() <= 2) {
                    return text(heading).strip().equalsIgnoreCase("Errors");
                }
            }
            return false;
        }
    }
}
