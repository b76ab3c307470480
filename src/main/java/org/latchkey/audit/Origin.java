package org.latchkey.audit;

/** Where a request came from, as far as the audit log cares: client IP and user agent. */
public record Origin(String ip, String userAgent) {

    public static final Origin INTERNAL = new Origin(null, "latchkey");
}
