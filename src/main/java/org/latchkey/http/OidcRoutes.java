package org.latchkey.http;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.latchkey.auth.Principal;
import org.latchkey.auth.Requirement;
import org.latchkey.oidc.TrustedIssuer;
import org.latchkey.oidc.TrustedIssuers;

/**
 * OIDC identities: the issuers an administrator trusts ({@code /api/v1/admin/oidc-issuers}, with an
 * administrator's session) and the audience CI jobs request their ID tokens for
 * ({@code GET /api/v1/oidc/audience}, open to anyone).
 */
public final class OidcRoutes implements RouteGroup {

    private static final String ISSUERS = "/api/v1/admin/oidc-issuers";

    record IssuerRequest(String issuer) {
    }

    record IssuerJson(Long id, String issuer, String source, String createdBy, Instant createdAt) {
        static IssuerJson of(TrustedIssuer issuer) {
            return new IssuerJson(issuer.id(), issuer.issuer(), issuer.source(), issuer.createdBy(), issuer.createdAt());
        }
    }

    private final TrustedIssuers issuers;
    private final Supplier<String> audience;

    public OidcRoutes(TrustedIssuers issuers, Supplier<String> audience) {
        this.issuers = issuers;
        this.audience = audience;
    }

    @Override
    public void register(Routes routes) {
        Api api = routes.api();
        api.post(ISSUERS, Requirement.admin(), this::add);
        api.get(ISSUERS, Requirement.admin(), (ctx, principal) ->
                ctx.json(issuers.list().stream().map(IssuerJson::of).toList()));
        api.delete(ISSUERS + "/{issuer}", Requirement.admin(), this::delete);
        routes.open().get("/api/v1/oidc/audience", ctx -> ctx.json(Map.of("audience", audience.get())));
    }

    private void add(Context ctx, Principal principal) throws Exception {
        IssuerRequest request = JsonBody.read(ctx, IssuerRequest.class);
        ctx.status(201).json(IssuerJson.of(issuers.add(principal.user(), request.issuer(), Api.origin(ctx))));
    }

    private void delete(Context ctx, Principal principal) throws Exception {
        JsonBody.none(ctx);
        issuers.delete(principal.user(), ctx.pathParam("issuer"), Api.origin(ctx));
        ctx.status(204);
    }
}
