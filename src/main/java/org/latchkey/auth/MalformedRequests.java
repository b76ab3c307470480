package org.latchkey.auth;

import org.latchkey.account.LoginThrottle;

/**
 * Requests no client of Latchkey's sends (a body that is not JSON, broken git packet lines or
 * packs, a wrong method or content type, a body over the limit): each counts as a failed
 * authentication of its address, so a flood of them locks the address out as guessing does.
 */
public final class MalformedRequests {

    private final LoginThrottle throttle;

    public MalformedRequests(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    /** Refuses ({@code LockedOut}) an address locked out for failures of any kind. */
    public void checkAddress(String ip) {
        throttle.checkIp(ip);
    }

    /** Counts a malformed request against its address. */
    public void refused(String ip) {
        throttle.ipFailed(ip);
    }
}
