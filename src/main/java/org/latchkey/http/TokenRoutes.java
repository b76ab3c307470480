package org.latchkey.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.Map;
import org.latchkey.InvalidField;
import org.latchkey.advice.TokenAdvisor;
import org.latchkey.token.FineGrainedSpec;
import java.time.Clock;
import java.util.List;
import org.latchkey.auth.Requirement;
import org.latchkey.auth.Principal;
import org.latchkey.token.Expiry;
import org.latchkey.token.IssuedToken;
import org.latchkey.token.Scope;
import org.latchkey.token.TokenService;
import org.latchkey.token.TokenSpec;
import org.latchkey.token.TokenType;

/** {@code /api/v1/user/tokens}: managing one's tokens with a session, and self-rotation with a token. */
public final class TokenRoutes implements RouteGroup {

    record CreateRequest(String name, String description, String type, List<String> scopes, List<ResourceRequest> resources,
                         Map<String, String> permissions, Integer expiresInDays, String expiresAt, String expires) {
        Expiry expiry() {
            return new Expiry(expiresInDays, expiresAt, expires);
        }

        boolean fineGrained() {
            if (type == null || type.equals("classic")) {
                if (resources != null || permissions != null) {
                    throw InvalidField.invalid("type", "resources and permissions need \"type\": \"fine_grained\"");
                }
                return false;
            }
            if (!type.equals("fine_grained")) {
                throw InvalidField.invalid("type", "must be classic or fine_grained");
            }
            if (scopes != null) {
                throw InvalidField.invalid("scopes", "a fine-grained token has permissions, not scopes");
            }
            return true;
        }

        FineGrainedSpec fineGrainedSpec() {
            return new FineGrainedSpec(name, description, resources == null ? null
                    : resources.stream().map(r -> r == null ? null : r.resource()).toList(), permissions, expiry());
        }
    }

    /** {@code {"owner": "acme", "repositories": "all" | "public" | ["api", "web"]}}. */
    record ResourceRequest(String owner, JsonNode repositories) {
        FineGrainedSpec.Resource resource() {
            if (repositories == null || repositories.isNull()) {
                throw InvalidField.missing("resources.repositories");
            }
            if (repositories.isTextual()) {
                return new FineGrainedSpec.Resource(owner, repositories.asText(), null);
            }
            if (!repositories.isArray()) {
                throw InvalidField.invalid("resources.repositories", "must be \"all\", \"public\" or a list of names");
            }
            List<String> names = new java.util.ArrayList<>();
            for (JsonNode name : repositories) {
                if (!name.isTextual()) {
                    throw InvalidField.invalid("resources.repositories", "repository names must be strings");
                }
                names.add(name.asText());
            }
            return new FineGrainedSpec.Resource(owner, null, names);
        }
    }

    record UpdateRequest(String name, String description) {
    }

    /** {@code keep_old_until_confirmed}: the old token works until the new one confirms or cancels. */
    record RotateRequest(Boolean keepOldUntilConfirmed) {
    }

    record ConfirmedJson(List<Long> revokedTokenIds) {
    }

    record RegenerateRequest(List<String> scopes, Integer expiresInDays, String expiresAt, String expires) {
        Expiry expiry() {
            return expiresInDays == null && expiresAt == null && expires == null ? null
                    : new Expiry(expiresInDays, expiresAt, expires);
        }
    }

    private final TokenService tokens;
    private final TokenAdvisor advisor;
    private final UsagePages usage;
    private final TokenViews views;
    private final Clock clock;

    public TokenRoutes(TokenService tokens, TokenAdvisor advisor, UsagePages usage, TokenViews views, Clock clock) {
        this.tokens = tokens;
        this.advisor = advisor;
        this.usage = usage;
        this.views = views;
        this.clock = clock;
    }

    @Override
    public void register(Routes routes) {
        Api api = routes.api();
        api.post("/api/v1/user/tokens", Requirement.session(), this::create);
        api.get("/api/v1/user/tokens", Requirement.session(), this::list);
        api.get("/api/v1/user/tokens/{id}", Requirement.session(), this::show);
        api.patch("/api/v1/user/tokens/{id}", Requirement.session(), this::update);
        api.delete("/api/v1/user/tokens/{id}", Requirement.session(), this::delete);
        api.post("/api/v1/user/tokens/{id}/regenerate", Requirement.session(), this::regenerate);
        api.post("/api/v1/user/tokens/{id}/revoke", Requirement.session(), this::revoke);
        api.get("/api/v1/user/tokens/{id}/advice", Requirement.session(), this::advice);
        api.get("/api/v1/user/tokens/{id}/usage", Requirement.session(), this::usage);
        api.post("/api/v1/tokens/self/rotate", Requirement.scope(Scope.SELF_ROTATE), this::rotate);
        api.post("/api/v1/tokens/self/rotate/confirm", Requirement.scope(Scope.SELF_ROTATE), this::confirmRotation);
        api.post("/api/v1/tokens/self/rotate/cancel", Requirement.scope(Scope.SELF_ROTATE), this::cancelRotation);
    }

    private void create(Context ctx, Principal principal) throws Exception {
        CreateRequest request = JsonBody.read(ctx, CreateRequest.class);
        IssuedToken issued = request.fineGrained()
                ? tokens.createFineGrained(principal.user(), request.fineGrainedSpec(), Api.origin(ctx))
                : tokens.create(principal.user(),
                        new TokenSpec(request.name(), request.description(), request.scopes(), request.expiry()), Api.origin(ctx));
        ctx.status(201).json(views.of(issued.token(), clock.instant(), issued.secret()));
    }

    private void list(Context ctx, Principal principal) {
        ctx.json(tokens.list(principal.user().id(), ctx.queryParam("state")).stream()
                .map(token -> views.of(token, clock.instant())).toList());
    }

    private void show(Context ctx, Principal principal) {
        ctx.json(views.of(tokens.get(principal.user().id(), Api.idParam(ctx)), clock.instant()));
    }

    private void update(Context ctx, Principal principal) throws Exception {
        long id = Api.idParam(ctx);
        UpdateRequest request = JsonBody.read(ctx, UpdateRequest.class);
        ctx.json(views.of(tokens.update(principal.user(), id, request.name(), request.description(), Api.origin(ctx)),
                clock.instant()));
    }

    private void delete(Context ctx, Principal principal) throws Exception {
        long id = Api.idParam(ctx);
        JsonBody.none(ctx);
        tokens.delete(principal.user(), id, Api.origin(ctx));
        ctx.status(204);
    }

    private void regenerate(Context ctx, Principal principal) throws Exception {
        long id = Api.idParam(ctx);
        RegenerateRequest request = JsonBody.optional(ctx, RegenerateRequest.class);
        IssuedToken issued = tokens.regenerate(principal.user(), id, request == null ? null : request.scopes(),
                request == null ? null : request.expiry(), Api.origin(ctx));
        ctx.json(views.of(issued.token(), clock.instant(), issued.secret()));
    }

    private void revoke(Context ctx, Principal principal) throws Exception {
        long id = Api.idParam(ctx);
        JsonBody.none(ctx);
        tokens.revoke(principal.user(), id, Api.origin(ctx));
        ctx.status(204);
    }

    private void advice(Context ctx, Principal principal) {
        long id = Api.idParam(ctx);
        ctx.json(advisor.advise(principal.user(), id, days(ctx.queryParam("days"))));
    }

    /** The token's usage log; another user's (or an unknown) token is 404, as {@code show} answers. */
    private void usage(Context ctx, Principal principal) {
        long id = tokens.get(principal.user().id(), Api.idParam(ctx)).id();
        usage.answer(ctx, id);
    }

    private static int days(String days) {
        if (days == null) {
            return TokenAdvisor.DEFAULT_DAYS;
        }
        try {
            return Integer.parseInt(days);
        } catch (NumberFormatException e) {
            throw InvalidField.invalid("days", "must be a whole number of days from 1 to " + TokenAdvisor.MAX_DAYS);
        }
    }

    private void rotate(Context ctx, Principal principal) throws Exception {
        requireToken(principal);
        RotateRequest request = JsonBody.optional(ctx, RotateRequest.class);
        boolean keepOld = request != null && Boolean.TRUE.equals(request.keepOldUntilConfirmed());
        IssuedToken issued = tokens.rotate(principal.user(), principal.token().stored(), keepOld, Api.origin(ctx));
        ctx.status(201).json(views.of(issued.token(), clock.instant(), issued.secret()));
    }

    private void confirmRotation(Context ctx, Principal principal) throws Exception {
        requireToken(principal);
        JsonBody.none(ctx);
        ctx.json(new ConfirmedJson(tokens.confirmRotation(principal.user(), principal.token().stored(), Api.origin(ctx)).stream()
                .map(org.latchkey.token.Token::id).toList()));
    }

    private void cancelRotation(Context ctx, Principal principal) throws Exception {
        requireToken(principal);
        JsonBody.none(ctx);
        tokens.cancelRotation(principal.user(), principal.token().stored(), Api.origin(ctx));
        ctx.status(204);
    }

    private static void requireToken(Principal principal) {
        if (principal.token().type() == TokenType.SESSION) {
            throw org.latchkey.auth.AccessDenied.missingScope(List.of(Scope.SELF_ROTATE));
        }
    }
}
