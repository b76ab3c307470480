package org.latchkey.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;
import org.latchkey.auth.Access;
import org.latchkey.auth.Principal;
import org.latchkey.repo.Repository;
import org.latchkey.repo.RepositoryService;

/** {@code /api/v1/user/repos} and {@code /api/v1/repos/OWNER/NAME}: hosted repositories. */
final class RepoRoutes {

    record CreateRequest(String name, @JsonProperty("private") Boolean isPrivate, String description) {
    }

    record RepoJson(long id, String name, String fullName, Map<String, String> owner,
                    @JsonProperty("private") boolean isPrivate,
                    String description, String cloneUrl, Instant createdAt) {
        static RepoJson of(Repository repository, Context ctx) {
            return new RepoJson(repository.id(), repository.name(), repository.fullName(),
                    Map.of("login", repository.ownerLogin()), repository.isPrivate(), repository.description(),
                    ctx.scheme() + "://" + ctx.host() + "/" + repository.fullName() + ".git", repository.createdAt());
        }
    }

    private final RepositoryService repositories;
    private final Api api;

    RepoRoutes(RepositoryService repositories, Api api) {
        this.repositories = repositories;
        this.api = api;
    }

    void register() {
        api.post("/api/v1/user/repos", Access.anyToken(), this::create);
        api.get("/api/v1/user/repos", Access.anyToken(), (ctx, principal) ->
                ctx.json(repositories.listOwn(principal).stream().map(repo -> RepoJson.of(repo, ctx)).toList()));
        api.get("/api/v1/repos/{owner}/{name}", Access.anyToken(), (ctx, principal) ->
                ctx.json(RepoJson.of(repositories.find(principal, ctx.pathParam("owner"), ctx.pathParam("name")), ctx)));
        api.delete("/api/v1/repos/{owner}/{name}", Access.anyToken(), this::delete);
    }

    private void create(Context ctx, Principal principal) throws Exception {
        CreateRequest request = api.body(ctx, CreateRequest.class);
        boolean isPrivate = request.isPrivate() == null || request.isPrivate();
        Repository repository = repositories.create(principal, request.name(), request.description(), isPrivate,
                Api.origin(ctx));
        ctx.status(201).json(RepoJson.of(repository, ctx));
    }

    private void delete(Context ctx, Principal principal) {
        repositories.delete(principal, ctx.pathParam("owner"), ctx.pathParam("name"), Api.origin(ctx));
        ctx.status(204);
    }
}
