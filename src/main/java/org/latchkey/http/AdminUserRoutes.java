package org.latchkey.http;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.latchkey.InvalidField;
import org.latchkey.admin.AdministeredUser;
import org.latchkey.admin.UserAdministration;
import org.latchkey.auth.Principal;
import org.latchkey.auth.Requirement;

/**
 * Administering accounts under {@code /api/v1/admin/users} (an administrator's session only, as
 * every admin route): the paged list, one user, disabling ({@code PUT|DELETE …/{login}/disabled}),
 * the administrator role ({@code PUT|DELETE …/{login}/site_admin}, GitHub Enterprise's shape) and
 * deletion ({@code DELETE …/{login}?transfer_to=LOGIN}).
 */
public final class AdminUserRoutes implements RouteGroup {

    static final int DEFAULT_PER_PAGE = 30;
    static final int MAX_PER_PAGE = 100;

    record AdminUserJson(long id, String login, String email, boolean siteAdmin, String state, Instant disabledAt,
                         Instant createdAt, Instant lastSignInAt, long liveTokens) {
        static AdminUserJson of(AdministeredUser user) {
            return new AdminUserJson(user.user().id(), user.user().login(), user.user().email(), user.user().admin(),
                    user.state(), user.user().disabledAt(), user.user().createdAt(), user.lastSignInAt(), user.liveTokens());
        }
    }

    record DeletedJson(String login, String transferredTo, int revokedTokens, int deletedRepositories,
                       int deletedPackages, int transferredRepositories, int transferredPackages) {
        static DeletedJson of(UserAdministration.Deleted deleted) {
            var d = deleted.deletion();
            return new DeletedJson(deleted.user().login(), deleted.transferredTo(), d.revokedTokens(),
                    d.deletedRepositories().size(), d.deletedPackages().size(), d.transferredRepositories(),
                    d.transferredPackages());
        }
    }

    private final UserAdministration administration;

    public AdminUserRoutes(UserAdministration administration) {
        this.administration = administration;
    }

    @Override
    public void register(Routes routes) {
        Api api = routes.api();
        api.get("/api/v1/admin/users", Requirement.admin(), this::list);
        api.get("/api/v1/admin/users/{login}", Requirement.admin(), (ctx, principal) ->
                ctx.json(AdminUserJson.of(administration.show(ctx.pathParam("login")))));
        api.put("/api/v1/admin/users/{login}/disabled", Requirement.admin(), (ctx, principal) ->
                answer(ctx, administration.disable(principal.user(), login(ctx), Api.origin(ctx))));
        api.delete("/api/v1/admin/users/{login}/disabled", Requirement.admin(), (ctx, principal) ->
                answer(ctx, administration.enable(principal.user(), login(ctx), Api.origin(ctx))));
        api.put("/api/v1/admin/users/{login}/site_admin", Requirement.admin(), (ctx, principal) ->
                answer(ctx, administration.setAdmin(principal.user(), login(ctx), true, Api.origin(ctx))));
        api.delete("/api/v1/admin/users/{login}/site_admin", Requirement.admin(), (ctx, principal) ->
                answer(ctx, administration.setAdmin(principal.user(), login(ctx), false, Api.origin(ctx))));
        api.delete("/api/v1/admin/users/{login}", Requirement.admin(), this::delete);
    }

    private static String login(Context ctx) throws java.io.IOException {
        JsonBody.none(ctx);
        return ctx.pathParam("login");
    }

    private static void answer(Context ctx, AdministeredUser user) {
        ctx.json(AdminUserJson.of(user));
    }

    private void list(Context ctx, Principal principal) {
        int perPage = bounded(ctx, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE);
        int page = bounded(ctx, "page", 1, Integer.MAX_VALUE);
        UserAdministration.UserPage users = administration.list(page, perPage);
        long last = Math.max(1, (users.total() + perPage - 1) / perPage);
        String links = links(ctx, page, perPage, last);
        if (!links.isEmpty()) {
            ctx.header("Link", links);
        }
        ctx.json(users.users().stream().map(AdminUserJson::of).toList());
    }

    private void delete(Context ctx, Principal principal) throws Exception {
        String login = login(ctx);
        ctx.json(DeletedJson.of(administration.delete(principal.user(), login, ctx.queryParam("transfer_to"),
                Api.origin(ctx))));
    }

    /** GitHub's {@code Link} header: next and last after this page, first and prev before it. */
    private static String links(Context ctx, int page, int perPage, long last) {
        String base = Links.base(ctx) + ctx.path() + "?per_page=" + perPage + "&page=";
        List<String> links = new ArrayList<>();
        if (page < last) {
            links.add("<" + base + (page + 1) + ">; rel=\"next\"");
            links.add("<" + base + last + ">; rel=\"last\"");
        }
        if (page > 1) {
            links.add("<" + base + 1 + ">; rel=\"first\"");
            links.add("<" + base + (Math.min(page, last + 1) - 1) + ">; rel=\"prev\"");
        }
        return String.join(", ", links);
    }

    private static int bounded(Context ctx, String name, int fallback, int max) {
        long value = AuditPages.longQuery(ctx, name, fallback);
        if (value < 1 || value > max) {
            throw InvalidField.invalid(name, "must be between 1 and " + max);
        }
        return (int) value;
    }
}
