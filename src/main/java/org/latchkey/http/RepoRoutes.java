package org.latchkey.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;
import org.latchkey.access.Target;
import org.latchkey.auth.Requirement;
import org.latchkey.org.OrgService;
import org.latchkey.auth.Principal;
import org.latchkey.repo.Repository;
import org.latchkey.repo.RepositoryService;

/** {@code /api/v1/user/repos} and {@code /api/v1/repos/OWNER/NAME}: hosted repositories. */
public final class RepoRoutes implements RouteGroup {

    record CreateRequest(String name, @JsonProperty("private") Boolean isPrivate, String description) {
    }

    record RepoJson(long id, String name, String fullName, Map<String, String> owner,
                    @JsonProperty("private") boolean isPrivate,
                    String description, String cloneUrl, Instant createdAt) {
        static RepoJson of(Repository repository, Context ctx) {
            return new RepoJson(repository.id(), repository.name(), repository.fullName(),
                    Map.of("login", repository.ownerLogin()), repository.isPrivate(), repository.description(),
                    Links.base(ctx) + "/" + repository.fullName() + ".git", repository.createdAt());
        }
    }

    private final RepositoryService repositories;
    private final OrgService orgs;

    public RepoRoutes(RepositoryService repositories, OrgService orgs) {
        this.repositories = repositories;
        this.orgs = orgs;
    }

    @Override
    public void register(Routes routes) {
        Api api = routes.api();
        api.post("/api/v1/user/repos", Requirement.anyToken(), (ctx, principal) ->
                create(ctx, principal, Target.owner(principal.user().id(), principal.user().login(), true)));
        api.get("/api/v1/user/repos", Requirement.anyToken(), (ctx, principal) -> list(ctx, principal, principal.user().id()));
        api.post("/api/v1/orgs/{org}/repos", Requirement.anyToken(), (ctx, principal) ->
                create(ctx, principal, OrgService.target(orgs.get(ctx.pathParam("org")))));
        api.get("/api/v1/orgs/{org}/repos", Requirement.anyToken(), (ctx, principal) ->
                list(ctx, principal, orgs.get(ctx.pathParam("org")).id()));
        api.get("/api/v1/repos/{owner}/{name}", Requirement.anyToken(), (ctx, principal) ->
                ctx.json(RepoJson.of(repositories.find(principal, ctx.pathParam("owner"), ctx.pathParam("name")), ctx)));
        api.delete("/api/v1/repos/{owner}/{name}", Requirement.anyToken(), this::delete);
    }

    private void create(Context ctx, Principal principal, Target owner) throws Exception {
        CreateRequest request = JsonBody.read(ctx, CreateRequest.class);
        boolean isPrivate = request.isPrivate() == null || request.isPrivate();
        Repository repository = repositories.create(principal, owner, request.name(), request.description(), isPrivate,
                Api.origin(ctx));
        ctx.status(201).json(RepoJson.of(repository, ctx));
    }

    private void list(Context ctx, Principal principal, long ownerId) {
        ctx.json(repositories.list(principal, ownerId).stream().map(repo -> RepoJson.of(repo, ctx)).toList());
    }

    private void delete(Context ctx, Principal principal) {
        repositories.delete(principal, ctx.pathParam("owner"), ctx.pathParam("name"), Api.origin(ctx));
        ctx.status(204);
    }
}
