package org.latchkey.http;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.latchkey.pkg.PackageRefusals;
import org.latchkey.pkg.PackageService;
import org.latchkey.pkg.PackageVersion;
import org.latchkey.pkg.PackageView;
import org.latchkey.pkg.Publication;

/**
 * npm's JSON documents: the body of {@code npm publish} (a packument with one version and its
 * tarball in {@code _attachments}, base64) read into a {@link Publication}, and the packument that
 * {@code npm install} reads, built from what is stored, with each version's {@code dist} (tarball
 * URL on this server, integrity, shasum) as the server knows it rather than as the client sent it.
 */
final class Packuments {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper mapper;

    /** A reader for bodies up to {@code maxBytes}: the tarball's base64 is one JSON string nearly as long. */
    Packuments(int maxBytes) {
        this.mapper = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxBytes).build());
    }

    /** The JSON body as a tree; a body that is not a JSON object is refused. */
    JsonNode parse(byte[] body) {
        try {
            JsonNode tree = mapper.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw PackageRefusals.invalid("The body must be a JSON object (a packument), as npm publish sends.");
            }
            return tree;
        } catch (IOException e) {
            throw PackageRefusals.invalid("The body is not well-formed JSON.");
        }
    }

    /** What {@code PUT /npm/@scope%2fname} asks to publish; {@code scope} and {@code name} are from the URL. */
    Publication publication(String scope, String name, JsonNode body) {
        String fullName = "@" + scope + "/" + name;
        if (!fullName.equals(text(body, "name"))) {
            throw PackageRefusals.invalid("The name in the body does not match the package in the URL.");
        }
        Map.Entry<String, JsonNode> version = single(body.get("versions"), "versions");
        JsonNode manifest = version.getValue();
        if (!manifest.isObject() || !version.getKey().equals(text(manifest, "version"))
                || !fullName.equals(text(manifest, "name"))) {
            throw PackageRefusals.invalid("The version's manifest must name the package and the version it is published as.");
        }
        Map.Entry<String, JsonNode> attachment = single(body.get("_attachments"), "_attachments");
        byte[] tarball = tarball(attachment.getValue());
        JsonNode dist = manifest.path("dist");
        return new Publication(scope, name, version.getKey(), manifest(manifest), tarball, optionalText(dist, "integrity"),
                optionalText(dist, "shasum"), tags(body.get("dist-tags"), version.getKey()), optionalText(body, "access"));
    }

    /**
     * What {@code npm unpublish pkg@version} sends back to {@code PUT /npm/pkg/-rev/REV}: the packument
     * it read without the versions to remove; answers the versions that remain.
     */
    static Set<String> remainingVersions(JsonNode body) {
        JsonNode versions = body.get("versions");
        if (versions == null || !versions.isObject()) {
            throw PackageRefusals.invalid("The body must list the versions that remain (versions).");
        }
        Set<String> remaining = new HashSet<>();
        versions.fieldNames().forEachRemaining(remaining::add);
        return remaining;
    }

    /** The dist-tags an unpublish leaves, as tag to version. */
    static Map<String, String> distTags(JsonNode body) {
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode node = body.get("dist-tags");
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(entry -> {
                if (entry.getValue().isTextual()) {
                    tags.put(entry.getKey(), entry.getValue().asText());
                }
            });
        }
        return tags;
    }

    /** The packument of a package, with tarball URLs under {@code registry} (ending in {@code /npm/}). */
    ObjectNode packument(PackageView view, String registry) {
        String fullName = view.pkg().fullName();
        ObjectNode root = NODES.objectNode();
        root.put("_id", fullName);
        root.put("name", fullName);
        root.put("_rev", PackageService.revision(view.pkg()));
        ObjectNode tags = root.putObject("dist-tags");
        view.distTags().forEach(tags::put);
        ObjectNode versions = root.putObject("versions");
        ObjectNode time = NODES.objectNode();
        time.put("created", view.pkg().createdAt().toString());
        time.put("modified", view.pkg().updatedAt().toString());
        for (PackageVersion version : view.versions()) {
            versions.set(version.version(), version(view.pkg().name(), fullName, version, registry));
            time.put(version.version(), version.publishedAt().toString());
        }
        root.set("time", time);
        return root;
    }

    private ObjectNode version(String name, String fullName, PackageVersion version, String registry) {
        ObjectNode manifest;
        try {
            manifest = (ObjectNode) mapper.readTree(version.manifest());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored manifest of package version id " + version.id() + " is not JSON", e);
        }
        JsonNode sent = manifest.get("dist");
        ObjectNode dist = sent instanceof ObjectNode object ? object : manifest.putObject("dist");
        manifest.set("dist", dist);
        dist.put("tarball", registry + fullName + "/-/" + name + "-" + version.version() + ".tgz");
        dist.put("integrity", version.integrity());
        dist.put("shasum", version.shasum());
        manifest.put("_id", fullName + "@" + version.version());
        return manifest;
    }

    /** The manifest to store: as sent, without the tarball URL (the server makes its own) or npm's private fields. */
    private String manifest(JsonNode sent) {
        ObjectNode manifest = ((ObjectNode) sent).deepCopy();
        if (manifest.get("dist") instanceof ObjectNode dist) {
            dist.remove("tarball");
        }
        manifest.remove("_attachments");
        try {
            return mapper.writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed manifest cannot be written back", e);
        }
    }

    private static byte[] tarball(JsonNode attachment) {
        String data = optionalText(attachment, "data");
        if (data == null) {
            throw PackageRefusals.invalid("The tarball is missing from _attachments (data).");
        }
        byte[] tarball;
        try {
            tarball = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw PackageRefusals.invalid("The tarball in _attachments is not valid base64.");
        }
        JsonNode length = attachment.get("length");
        if (length != null && (!length.canConvertToLong() || length.asLong() != tarball.length)) {
            throw PackageRefusals.invalid("The tarball in _attachments is not as long as its length says: it was cut short.");
        }
        if (tarball.length == 0) {
            throw PackageRefusals.invalid("The tarball in _attachments is empty.");
        }
        return tarball;
    }

    private static Map<String, String> tags(JsonNode node, String version) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return tags;
        }
        if (!node.isObject()) {
            throw PackageRefusals.invalid("dist-tags must be an object of tag names and versions.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> tag = it.next();
            if (!version.equals(tag.getValue().asText(null))) {
                throw PackageRefusals.invalid("A publish may only point dist-tags at the version it publishes.");
            }
            tags.put(tag.getKey(), version);
        }
        return tags;
    }

    private static Map.Entry<String, JsonNode> single(JsonNode node, String field) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw PackageRefusals.invalid("A publish must carry exactly one entry in " + field + ", as npm publish sends.");
        }
        return node.fields().next();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static String optionalText(JsonNode node, String field) {
        return text(node, field);
    }
}
