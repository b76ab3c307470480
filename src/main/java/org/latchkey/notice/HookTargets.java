package org.latchkey.notice;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Where webhooks may send: by default only to public addresses, so that a user cannot make the
 * server call its own loopback, the private network it sits in, or a cloud metadata endpoint
 * (169.254.169.254) and read the result in the delivery log. A host is judged by every address it
 * resolves to, when the hook is created and again before each delivery (a name may be re-pointed
 * in between). An administrator whose receivers live on the local network allows them all.
 */
public final class HookTargets {

    private final boolean allowLocalNetwork;

    public HookTargets(boolean allowLocalNetwork) {
        this.allowLocalNetwork = allowLocalNetwork;
    }

    public static HookTargets publicOnly() {
        return new HookTargets(false);
    }

    /**
     * Why a delivery to this URL's host must not be made, or null when it may. A host that does
     * not resolve is left to fail when sending.
     */
    String refusal(URI url) {
        if (allowLocalNetwork) {
            return null;
        }
        String host = url.getHost();
        if (host == null) {
            return null;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException | SecurityException unresolved) {
            return null;
        }
        for (InetAddress address : addresses) {
            if (isLocal(address)) {
                return "the URL's host is a loopback, private or link-local address; webhooks go to public "
                        + "addresses unless the server runs with --webhook-allow-local-network";
            }
        }
        return null;
    }

    /** Loopback, unspecified, private, carrier-grade NAT, link-local, unique-local, multicast or broadcast. */
    static boolean isLocal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0 || first == 100 && (second & 0xc0) == 64 || first >= 240;
        }
        if (address instanceof Inet6Address) {
            if ((bytes[0] & 0xfe) == 0xfc) {
                return true;
            }
            InetAddress embedded = embeddedIpv4(bytes);
            return embedded != null && isLocal(embedded);
        }
        return false;
    }

    /** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) address. */
    private static InetAddress embeddedIpv4(byte[] v6) {
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= v6[i] == 0;
        }
        mapped &= (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff;
        boolean nat64 = (v6[0] & 0xff) == 0x00 && (v6[1] & 0xff) == 0x64 && (v6[2] & 0xff) == 0xff
                && (v6[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = v6[i] == 0;
        }
        if (!mapped && !nat64) {
            return null;
        }
        try {
            return InetAddress.getByAddress(new byte[] {v6[12], v6[13], v6[14], v6[15]});
        } catch (UnknownHostException impossible) {
            return null;
        }
    }
}
