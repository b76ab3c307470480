package org.latchkey.http;

import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import org.latchkey.auth.Access;
import org.latchkey.auth.Principal;
import org.latchkey.token.Expiry;
import org.latchkey.token.IssuedToken;
import org.latchkey.token.Scope;
import org.latchkey.token.TokenService;
import org.latchkey.token.TokenSpec;
import org.latchkey.token.TokenType;

/** {@code /api/v1/user/tokens}: managing one's tokens with a session, and self-rotation with a token. */
final class TokenRoutes {

    record CreateRequest(String name, String description, List<String> scopes, Integer expiresInDays, String expiresAt,
                         String expires) {
        Expiry expiry() {
            return new Expiry(expiresInDays, expiresAt, expires);
        }
    }

    record UpdateRequest(String name, String description) {
    }

    record RegenerateRequest(List<String> scopes, Integer expiresInDays, String expiresAt, String expires) {
        Expiry expiry() {
            return expiresInDays == null && expiresAt == null && expires == null ? null
                    : new Expiry(expiresInDays, expiresAt, expires);
        }
    }

    private final TokenService tokens;
    private final Clock clock;
    private final Api api;

    TokenRoutes(TokenService tokens, Clock clock, Api api) {
        this.tokens = tokens;
        this.clock = clock;
        this.api = api;
    }

    void register() {
        api.post("/api/v1/user/tokens", Access.session(), this::create);
        api.get("/api/v1/user/tokens", Access.session(), this::list);
        api.get("/api/v1/user/tokens/{id}", Access.session(), this::show);
        api.patch("/api/v1/user/tokens/{id}", Access.session(), this::update);
        api.delete("/api/v1/user/tokens/{id}", Access.session(), this::delete);
        api.post("/api/v1/user/tokens/{id}/regenerate", Access.session(), this::regenerate);
        api.post("/api/v1/user/tokens/{id}/revoke", Access.session(), this::revoke);
        api.post("/api/v1/tokens/self/rotate", Access.scope(Scope.SELF_ROTATE), this::rotate);
    }

    private void create(Context ctx, Principal principal) throws Exception {
        CreateRequest request = api.body(ctx, CreateRequest.class);
        IssuedToken issued = tokens.create(principal.user(),
                new TokenSpec(request.name(), request.description(), request.scopes(), request.expiry()), Api.origin(ctx));
        ctx.status(201).json(TokenJson.of(issued.token(), clock.instant(), issued.secret()));
    }

    private void list(Context ctx, Principal principal) {
        ctx.json(tokens.list(principal.user().id(), ctx.queryParam("state")).stream()
                .map(token -> TokenJson.of(token, clock.instant())).toList());
    }

    private void show(Context ctx, Principal principal) {
        ctx.json(TokenJson.of(tokens.get(principal.user().id(), Api.idParam(ctx)), clock.instant()));
    }

    private void update(Context ctx, Principal principal) throws Exception {
        long id = Api.idParam(ctx);
        UpdateRequest request = api.body(ctx, UpdateRequest.class);
        ctx.json(TokenJson.of(tokens.update(principal.user(), id, request.name(), request.description(), Api.origin(ctx)),
                clock.instant()));
    }

    private void delete(Context ctx, Principal principal) throws Exception {
        long id = Api.idParam(ctx);
        api.noBody(ctx);
        tokens.delete(principal.user(), id, Api.origin(ctx));
        ctx.status(204);
    }

    private void regenerate(Context ctx, Principal principal) throws Exception {
        long id = Api.idParam(ctx);
        RegenerateRequest request = api.optionalBody(ctx, RegenerateRequest.class);
        IssuedToken issued = tokens.regenerate(principal.user(), id, request == null ? null : request.scopes(),
                request == null ? null : request.expiry(), Api.origin(ctx));
        ctx.json(TokenJson.of(issued.token(), clock.instant(), issued.secret()));
    }

    private void revoke(Context ctx, Principal principal) throws Exception {
        long id = Api.idParam(ctx);
        api.noBody(ctx);
        tokens.revoke(principal.user(), id, Api.origin(ctx));
        ctx.status(204);
    }

    private void rotate(Context ctx, Principal principal) throws Exception {
        if (principal.token().type() == TokenType.SESSION) {
            throw org.latchkey.auth.AccessDenied.missingScope(List.of(Scope.SELF_ROTATE));
        }
        api.noBody(ctx);
        IssuedToken issued = tokens.rotate(principal.user(), principal.token(), Api.origin(ctx));
        ctx.status(201).json(TokenJson.of(issued.token(), clock.instant(), issued.secret()));
    }
}
