package org.latchkey.http.web;

import static org.latchkey.http.web.WebRoutes.model;

import io.javalin.http.Context;
import org.latchkey.Refusal;
import org.latchkey.audit.Origin;
import org.latchkey.http.RouteGroup;
import org.latchkey.http.Routes;
import org.latchkey.oauth.DeviceFlow;

/**
 * {@code /login/device}, GitHub's path (RFC 8628 §3.3): a signed-in user types the code a device
 * shows (letter case and the hyphen optional), sees the app, its owner and the scopes, and approves
 * or denies. A wrong code says only that it is wrong; too many lock the user and the address out.
 */
public final class DevicePages implements RouteGroup {

    static final String DEVICE = "/login/device";

    private final DeviceFlow flow;
    private final WebRoutes web;
    private final Pages pages;

    public DevicePages(DeviceFlow flow, WebRoutes web) {
        this.flow = flow;
        this.web = web;
        this.pages = web.pages();
    }

    @Override
    public void register(Routes routes) {
        WebRoutes.SignedIn signed = web.on(routes);
        signed.get(DEVICE, (ctx, visitor) -> {
            String code = ctx.queryParam("user_code");
            if (code == null) {
                pages.render(ctx, "device", visitor, model("title", "Connect a device", "step", "enter"));
                return;
            }
            confirm(ctx, visitor, code);
        });
        signed.post(DEVICE, (ctx, visitor) -> confirm(ctx, visitor, ctx.formParam("user_code")));
        signed.post(DEVICE + "/decide", (ctx, visitor) -> {
            boolean approved = "approve".equals(ctx.formParam("decision"));
            try {
                DeviceFlow.Pending pending = flow.decide(visitor.principal().user(), ctx.formParam("user_code"), approved,
                        origin(ctx));
                pages.render(ctx, "device", visitor, model("title", "Connect a device", "step", "done",
                        "pending", pending, "approved", approved));
            } catch (Refusal refusal) {
                wrong(ctx, visitor, refusal);
            }
        });
    }

    private void confirm(Context ctx, WebSession.Visitor visitor, String code) {
        try {
            DeviceFlow.Pending pending = flow.find(visitor.principal().user(), code, origin(ctx));
            pages.render(ctx, "device", visitor, model("title", "Authorize " + pending.app().name(), "step", "confirm",
                    "pending", pending));
        } catch (Refusal refusal) {
            wrong(ctx, visitor, refusal);
        }
    }

    private void wrong(Context ctx, WebSession.Visitor visitor, Refusal refusal) {
        if (!"device_code_wrong".equals(refusal.code())) {
            throw refusal;
        }
        pages.render(ctx, 400, "device", visitor, model("title", "Connect a device", "step", "enter",
                "wrong", refusal.getMessage()));
    }

    private static Origin origin(Context ctx) {
        return new Origin(ctx.ip(), ctx.userAgent());
    }
}
