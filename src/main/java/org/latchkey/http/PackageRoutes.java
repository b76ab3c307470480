package org.latchkey.http;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.latchkey.auth.Requirement;
import org.latchkey.auth.Principal;
import org.latchkey.org.OrgService;
import org.latchkey.pkg.PackageVersion;
import org.latchkey.pkg.PackageView;
import org.latchkey.pkg.PackageService;

/** {@code /api/v1/user/packages} and {@code /api/v1/orgs/ORG/packages}: the npm packages the caller may read. */
public final class PackageRoutes implements RouteGroup {

    record PackageJson(long id, String name, Map<String, String> owner, String visibility, List<String> versions,
                       Map<String, String> distTags, String registry, Instant createdAt, Instant updatedAt) {
        static PackageJson of(PackageView view, Context ctx) {
            return new PackageJson(view.pkg().id(), view.pkg().fullName(), Map.of("login", view.pkg().ownerLogin()),
                    view.pkg().isPrivate() ? "private" : "public",
                    view.versions().stream().map(PackageVersion::version).toList(), view.distTags(),
                    Links.base(ctx) + "/npm/", view.pkg().createdAt(), view.pkg().updatedAt());
        }
    }

    private final PackageService packages;
    private final OrgService orgs;

    public PackageRoutes(PackageService packages, OrgService orgs) {
        this.packages = packages;
        this.orgs = orgs;
    }

    @Override
    public void register(Routes routes) {
        Api api = routes.api();
        api.get("/api/v1/user/packages", Requirement.anyToken(), (ctx, principal) -> list(ctx, principal, principal.user().id()));
        api.get("/api/v1/orgs/{org}/packages", Requirement.anyToken(), (ctx, principal) ->
                list(ctx, principal, orgs.get(ctx.pathParam("org")).id()));
    }

    private void list(Context ctx, Principal principal, long ownerId) {
        ctx.json(packages.list(principal, ownerId).stream().map(view -> PackageJson.of(view, ctx)).toList());
    }
}
