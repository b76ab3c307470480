package org.latchkey.audit;

/**
 * The use of the API request the current thread is serving, between the gate admitting it and
 * letting it leave: the first allowed decision a service makes inside the route is taken here, to
 * be recorded as the request's one use instead of a row of its own. One holder per thread, reused
 * by every request, so a request allocates nothing here.
 */
public final class RequestUse {

    private static final ThreadLocal<RequestUse> CURRENT = ThreadLocal.withInitial(RequestUse::new);

    private boolean open;
    private UsageEvent use;

    private RequestUse() {
    }

    /** Starts the request the current thread serves, forgetting anything a request left behind. */
    public static void open() {
        RequestUse current = CURRENT.get();
        current.open = true;
        current.use = null;
    }

    /** Takes the use as the current request's (the first one only); false when no request is open. */
    public static boolean take(UsageEvent event) {
        RequestUse current = CURRENT.get();
        if (!current.open) {
            return false;
        }
        if (current.use == null) {
            current.use = event;
        }
        return true;
    }

    /** Ends the current request, answering the use taken for it (null when none). */
    public static UsageEvent close() {
        RequestUse current = CURRENT.get();
        UsageEvent taken = current.use;
        current.open = false;
        current.use = null;
        return taken;
    }
}
