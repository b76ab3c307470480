package org.latchkey.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * The client behind a reverse proxy. A request whose connection comes from a trusted proxy is
 * given the address of the rightmost {@code X-Forwarded-For} hop that is not itself a trusted
 * proxy (a client may send its own header, which proxies append to, so only what trusted proxies
 * wrote counts), and {@code X-Forwarded-Proto: https} makes it secure. A request from anywhere
 * else keeps its connection's address whatever it sends, so nobody chooses the address that
 * lockouts, usage logs and alerts see.
 */
final class TrustedProxies implements HttpConfiguration.Customizer {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final InetAddressSet proxies = new InetAddressSet();

    /** Proxies as addresses or CIDR blocks ({@code 10.0.0.0/8}, {@code ::1}); a malformed one is refused. */
    TrustedProxies(List<String> addressesOrBlocks) {
        for (String block : addressesOrBlocks) {
            check(block);
            proxies.add(block.strip());
        }
    }

    /** Refuses what is not an IP address or CIDR block, with a message for the command line. */
    static void check(String block) {
        String address = block.strip();
        int slash = address.indexOf('/');
        String ip = slash < 0 ? address : address.substring(0, slash);
        boolean bits = slash < 0 || address.substring(slash + 1).matches("\\d{1,3}");
        if (literal(ip) == null || !bits) {
            throw new IllegalArgumentException("a trusted proxy must be an IP address or a CIDR block such as"
                    + " 10.0.0.0/8 or fd00::/8, was '" + block + "'");
        }
        new InetAddressSet().add(address);
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        SocketAddress peer = request.getConnectionMetaData().getRemoteSocketAddress();
        if (!(peer instanceof InetSocketAddress connection) || !proxies.test(connection.getAddress())) {
            return request;
        }
        InetAddress client = client(request.getHeaders().getValuesList("X-Forwarded-For"));
        boolean https = "https".equalsIgnoreCase(request.getHeaders().get("X-Forwarded-Proto"));
        if (client == null && !https) {
            return request;
        }
        return forwarded(request, client == null ? peer : new InetSocketAddress(client, 0), https);
    }

    /** The rightmost hop that is not a trusted proxy; null when there is none or it is not an address. */
    private InetAddress client(List<String> headers) {
        List<String> hops = new ArrayList<>();
        headers.forEach(header -> {
            for (String hop : header.split(",")) {
                hops.add(hop.strip());
            }
        });
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null || !proxies.test(hop)) {
                return hop;
            }
        }
        return null;
    }

    /** An IP literal, without brackets or an IPv4 port; null for anything else (a name is never looked up). */
    static InetAddress literal(String text) {
        String hop = text.startsWith("[") && text.indexOf(']') > 0 ? text.substring(1, text.indexOf(']')) : text;
        if (IPV4.matcher(hop.replaceFirst(":\\d+$", "")).matches()) {
            hop = hop.replaceFirst(":\\d+$", "");
        } else if (!IPV6.matcher(hop).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(hop);
        } catch (UnknownHostException | SecurityException malformed) {
            return null;
        }
    }

    private static Request forwarded(Request request, SocketAddress client, boolean https) {
        ConnectionMetaData connection = new ConnectionMetaData.Wrapper(request.getConnectionMetaData()) {
            @Override
            public SocketAddress getRemoteSocketAddress() {
                return client;
            }

            @Override
            public boolean isSecure() {
                return https || super.isSecure();
            }
        };
        HttpURI uri = https ? HttpURI.build(request.getHttpURI()).scheme(HttpScheme.HTTPS).asImmutable()
                : request.getHttpURI();
        return new Request.Wrapper(request) {
            @Override
            public ConnectionMetaData getConnectionMetaData() {
                return connection;
            }

            @Override
            public HttpURI getHttpURI() {
                return uri;
            }

            @Override
            public boolean isSecure() {
                return https || super.isSecure();
            }
        };
    }
}
