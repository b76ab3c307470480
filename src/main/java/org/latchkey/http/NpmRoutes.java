package org.latchkey.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.latchkey.Refusal;
import org.latchkey.audit.UsageSource;
import org.latchkey.auth.AccessDenied;
import org.latchkey.auth.Requirement;
import org.latchkey.auth.Principal;
import org.latchkey.gate.Passage;
import org.latchkey.pkg.PackageNotFound;
import org.latchkey.pkg.PackageService;
import org.latchkey.pkg.PackageVersion;
import org.latchkey.pkg.Tarball;

/**
 * The npm registry protocol under {@code /npm/}, as the npm client speaks it to GitHub Packages:
 * publish ({@code PUT /npm/@owner%2fname}), the packument and tarballs that install reads, unpublish
 * and whoami. Tokens come from {@code .npmrc} as {@code Authorization: Bearer}. Refusals carry
 * their sentence in {@code error}, which is what npm prints (see {@link ErrorMapper}).
 */
public final class NpmRoutes implements RouteGroup {

    /** The largest publish body read: a tarball of about 24 MiB once base64 has grown it by a third. */
    static final int MAX_PUBLISH_BYTES = 32 * 1024 * 1024;

    private final PackageService packages;
    private final Packuments packuments = new Packuments(MAX_PUBLISH_BYTES);

    public NpmRoutes(PackageService packages) {
        this.packages = packages;
    }

    @Override
    public void register(Routes routes) {
        Api api = routes.api();
        api.get("/npm/-/whoami", Requirement.anyToken(), (ctx, principal) ->
                ctx.json(Map.of("username", principal.user().login())));
        api.getPublic("/npm/-/ping", (ctx, principal) -> ctx.json(Map.of()));
        api.passage(HandlerType.PUT, "/npm/{pkg}", Requirement.anyToken(), this::publish);
        api.passagePublic("/npm/{pkg}", (ctx, passage) -> packument(ctx, passage, name(ctx.pathParam("pkg"))));
        api.passagePublic("/npm/{scope}/{name}", (ctx, passage) ->
                packument(ctx, passage, name(ctx.pathParam("scope") + "/" + ctx.pathParam("name"))));
        api.passagePublic("/npm/{scope}/{name}/-/{file}", this::tarball);
        api.passage(HandlerType.PUT, "/npm/{pkg}/-rev/{rev}", Requirement.anyToken(), this::unpublish);
        api.passage(HandlerType.DELETE, "/npm/{pkg}/-rev/{rev}", Requirement.anyToken(), (ctx, passage) -> {
            String[] name = name(ctx.pathParam("pkg"));
            packages.delete(passage.principal(), name[0], name[1], ctx.pathParam("rev"),
                    source(ctx, passage, "npm unpublish", name));
            ctx.json(Map.of("ok", true));
        });
        api.passage(HandlerType.DELETE, "/npm/{scope}/{name}/-/{file}/-rev/{rev}", Requirement.anyToken(), (ctx, passage) -> {
            String[] name = name(ctx.pathParam("scope") + "/" + ctx.pathParam("name"));
            packages.unpublishFile(passage.principal(), name[0], name[1], ctx.pathParam("file"),
                    source(ctx, passage, "npm unpublish", name));
            ctx.json(Map.of("ok", true));
        });
    }

    private void publish(Context ctx, Passage passage) throws IOException {
        String[] name = name(ctx.pathParam("pkg"));
        Principal principal = passage.principal();
        packages.checkPublisher(principal, name[0], name[1]);
        JsonNode body = packuments.parse(boundedBody(ctx));
        PackageVersion version = packages.publish(principal, packuments.publication(name[0], name[1], body),
                source(ctx, passage, "npm publish", name));
        ctx.status(201).json(Map.of("ok", true, "id", "@" + name[0] + "/" + name[1], "version", version.version()));
    }

    private void packument(Context ctx, Passage passage, String[] name) {
        Principal principal = principal(passage);
        var view = anonymous(principal, ctx, () ->
                packages.view(principal, name[0], name[1], source(ctx, passage, "npm view", name)));
        ctx.contentType("application/json").result(packuments.packument(view, registry(ctx)).toString());
    }

    private void tarball(Context ctx, Passage passage) {
        String[] name = name(ctx.pathParam("scope") + "/" + ctx.pathParam("name"));
        Principal principal = principal(passage);
        Tarball tarball = anonymous(principal, ctx, () -> packages.tarball(principal, name[0], name[1],
                ctx.pathParam("file"), source(ctx, passage, "npm install", name)));
        ctx.contentType("application/octet-stream").result(tarball.bytes());
    }

    private void unpublish(Context ctx, Passage passage) throws IOException {
        String[] name = name(ctx.pathParam("pkg"));
        JsonNode body = packuments.parse(boundedBody(ctx));
        packages.unpublish(passage.principal(), name[0], name[1], ctx.pathParam("rev"), Packuments.remainingVersions(body),
                Packuments.distTags(body), source(ctx, passage, "npm unpublish", name));
        ctx.json(Map.of("ok", true));
    }

    private static Principal principal(Passage passage) {
        return passage == null ? null : passage.principal();
    }

    /**
     * An anonymous read that is refused, whether the package is private or missing, asks for a token
     * the same way, so the answer does not tell which.
     */
    private static <T> T anonymous(Principal principal, Context ctx, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (PackageNotFound | AccessDenied e) {
            if (principal == null && (e instanceof PackageNotFound || e.code().equals(Refusal.AUTHENTICATION_REQUIRED))) {
                String registry = registry(ctx);
                throw Refusal.authenticationRequired("This package is private or does not exist. Give npm a personal"
                        + " access token with read:packages: add " + registry.substring(registry.indexOf("//"))
                        + ":_authToken=${LATCHKEY_TOKEN} to .npmrc.");
            }
            throw e;
        }
    }

    /** {@code @scope/name} split into scope (without the {@code @}) and name; anything else names no package here. */
    static String[] name(String fullName) {
        if (fullName.length() < 4 || fullName.charAt(0) != '@') {
            throw PackageNotFound.unscoped();
        }
        int slash = fullName.indexOf('/');
        if (slash < 2 || slash == fullName.length() - 1 || fullName.indexOf('/', slash + 1) >= 0) {
            throw new PackageNotFound();
        }
        return new String[] {fullName.substring(1, slash), fullName.substring(slash + 1)};
    }

    /** The npm use, recorded through the passage as the request's one use. */
    private static UsageSource source(Context ctx, Passage passage, String operation, String[] name) {
        UsageSource source = UsageSource.npm(operation + " @" + name[0] + "/" + name[1], ctx.ip(), ctx.userAgent());
        return passage == null ? source : source.recordedBy(passage);
    }

    private static String registry(Context ctx) {
        return Links.base(ctx) + "/npm/";
    }

    /**
     * The body, read from the stream up to {@link #MAX_PUBLISH_BYTES} rather than under the API's
     * 64 KiB limit; a body declared or found larger is refused (HTTP 413) without reading the rest.
     */
    static byte[] boundedBody(Context ctx) throws IOException {
        if (ctx.req().getContentLengthLong() > MAX_PUBLISH_BYTES) {
            throw bodyTooLarge();
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(MAX_PUBLISH_BYTES + 1);
            if (body.length > MAX_PUBLISH_BYTES) {
                throw bodyTooLarge();
            }
            return body;
        }
    }

    /** A publish body over the limit (HTTP 413). */
    private static Refusal bodyTooLarge() {
        return Refusal.tooLarge("body_too_large", "The package is too large: a publish may be at most "
                + (MAX_PUBLISH_BYTES / (1024 * 1024)) + " MiB (a tarball of about "
                + (MAX_PUBLISH_BYTES / (1024 * 1024) * 3 / 4) + " MiB).");
    }
}
