package org.latchkey.http;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import org.latchkey.InvalidField;
import org.latchkey.notice.Attempt;
import org.latchkey.notice.CreatedHook;
import org.latchkey.notice.DeliveryLogEntry;
import org.latchkey.notice.Hook;
import org.latchkey.notice.Signatures;
import org.latchkey.notice.Webhooks;
import org.latchkey.auth.Requirement;
import org.latchkey.auth.Principal;

/** {@code /api/v1/user/hooks}: a user's webhooks, their delivery logs and pings; with a session only. */
public final class HookRoutes implements RouteGroup {

    record CreateRequest(String url, List<String> events, String secret) {
    }

    record HookJson(long id, String url, List<String> events, Instant createdAt, String signatureHeader) {
        static HookJson of(Hook hook) {
            return new HookJson(hook.id(), hook.url(), hook.events(), hook.createdAt(), Signatures.HEADER);
        }
    }

    /** The answer to a create: the secret only when the server generated it, this once. */
    record CreatedJson(long id, String url, List<String> events, Instant createdAt, String signatureHeader, String secret) {
        static CreatedJson of(CreatedHook created) {
            Hook hook = created.hook();
            return new CreatedJson(hook.id(), hook.url(), hook.events(), hook.createdAt(), Signatures.HEADER,
                    created.generatedSecret());
        }
    }

    record AttemptJson(long id, long deliveryId, Long noticeId, String event, int attempt, Instant at, Integer statusCode,
                       String error, long durationMs, String state, Instant nextAttemptAt) {
        static AttemptJson of(DeliveryLogEntry entry) {
            Attempt a = entry.attempt();
            return new AttemptJson(entry.id(), entry.deliveryId(), entry.noticeId(), entry.event(), a.attempt(), a.at(),
                    a.statusCode(), a.error(), a.durationMillis(), entry.state().wireName(), entry.nextAttemptAt());
        }
    }

    record PingJson(boolean delivered, Integer statusCode, String error, long durationMs) {
        static PingJson of(Attempt a) {
            return new PingJson(a.succeeded(), a.statusCode(), a.error(), a.durationMillis());
        }
    }

    static final int DEFAULT_PAGE = 30;
    private static final String HOOKS = "/api/v1/user/hooks";

    private final Webhooks hooks;

    public HookRoutes(Webhooks hooks) {
        this.hooks = hooks;
    }

    @Override
    public void register(Routes routes) {
        Api api = routes.api();
        api.post(HOOKS, Requirement.session(), this::create);
        api.get(HOOKS, Requirement.session(), this::list);
        api.get(HOOKS + "/{id}", Requirement.session(), this::show);
        api.delete(HOOKS + "/{id}", Requirement.session(), this::delete);
        api.get(HOOKS + "/{id}/deliveries", Requirement.session(), this::deliveries);
        api.post(HOOKS + "/{id}/ping", Requirement.session(), this::ping);
    }

    private void create(Context ctx, Principal principal) throws Exception {
        CreateRequest request = JsonBody.read(ctx, CreateRequest.class);
        CreatedHook created = hooks.create(principal.user(), request.url(), request.events(), request.secret(),
                Api.origin(ctx));
        ctx.status(201).json(CreatedJson.of(created));
    }

    private void list(Context ctx, Principal principal) {
        ctx.json(hooks.list(principal.user().id()).stream().map(HookJson::of).toList());
    }

    private void show(Context ctx, Principal principal) {
        ctx.json(HookJson.of(hooks.get(principal.user().id(), Api.idParam(ctx))));
    }

    private void delete(Context ctx, Principal principal) throws Exception {
        long id = Api.idParam(ctx);
        JsonBody.none(ctx);
        hooks.delete(principal.user(), id, Api.origin(ctx));
        ctx.status(204);
    }

    private void deliveries(Context ctx, Principal principal) {
        long id = Api.idParam(ctx);
        int perPage = number("per_page", ctx.queryParam("per_page"), DEFAULT_PAGE);
        String before = ctx.queryParam("before");
        List<DeliveryLogEntry> entries = hooks.log(principal.user().id(), id,
                before == null ? null : beforeId(before), perPage);
        if (entries.size() == perPage) {
            Links.nextPage(ctx, "per_page=" + perPage + "&before=" + entries.get(entries.size() - 1).id());
        }
        ctx.json(entries.stream().map(AttemptJson::of).toList());
    }

    private void ping(Context ctx, Principal principal) throws Exception {
        long id = Api.idParam(ctx);
        JsonBody.none(ctx);
        ctx.json(PingJson.of(hooks.ping(principal.user().id(), id)));
    }

    private static long beforeId(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw InvalidField.invalid("before", "must be a whole number");
        }
    }

    private static int number(String field, String value, int otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw InvalidField.invalid(field, "must be a whole number");
        }
    }
}
