package io.kubesolo.update.http.wire;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a connection goes: the origin (scheme, host, port) and the proxy in between, if any. Two
 * requests with the same route may share a kept-alive connection.
 *
 * @param host  the host name or address, IPv6 literals without brackets
 * @param proxy the HTTP proxy the connection is made to: requests for http go to it in absolute
 *              form, https goes through it in a {@code CONNECT} tunnel
 */
public record Route(String scheme, String host, int port, Optional<InetSocketAddress> proxy) {

    /** The route of {@code uri} (absolute, http or https), through {@code proxy} if present. */
    public static Route of(URI uri, Optional<InetSocketAddress> proxy) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
        return new Route(scheme, host.toLowerCase(Locale.ROOT), port, proxy);
    }

    public boolean secure() {
        return scheme.equals("https");
    }

    /** The {@code Host} header and {@code CONNECT} target: "host", or "host:port" off the scheme's default port. */
    public String authority() {
        String name = host.contains(":") ? "[" + host + "]" : host;
        return port == defaultPort(scheme) ? name : name + ":" + port;
    }

    /** "host:port", always with the port: what a {@code CONNECT} asks for. */
    String hostAndPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    // equals and hashCode written out: a record's generated ones are linked through
    // java.lang.runtime.ObjectMethods at their first call, which spins some twenty method-handle
    // classes a CDS archive does not hold: ≈ 50 ms of every check and apply over the network.
    @Override
    public boolean equals(Object other) {
        return other instanceof Route route
                && port == route.port
                && scheme.equals(route.scheme)
                && host.equals(route.host)
                && proxy.equals(route.proxy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, host, port, proxy);
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }
}
