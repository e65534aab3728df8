package io.kubesolo.update.metrics;

import io.kubesolo.update.Outcome;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where the metrics server listens: {@code HOST:PORT}, with an IPv6 host in brackets
 * ({@code [::1]:9723}). Port 0 asks the system for a free port.
 */
public record ListenAddress(String host, int port) {

    /** Loopback only: metrics carry no authentication, so the default exposes them to this machine alone. */
    public static final String DEFAULT = "127.0.0.1:9723";

    public ListenAddress {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("the host is empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
    }

    /**
     * Parses {@code HOST:PORT}, an IPv6 host in brackets ({@code [::1]:9723}).
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    public static ListenAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not HOST:PORT (write an IPv6 host in brackets: [::1]:9723)");
        }
        String portText = text.substring(colon + 1);
        if (!portText.chars().allMatch(Character::isDigit) || portText.length() > 5) {
            throw new IllegalArgumentException("'" + text + "': port '" + portText + "' is not a number");
        }
        return new ListenAddress(host, Integer.parseInt(portText));
    }

    /** Resolves the host; a name that resolves to nothing is a usage error. */
    public InetSocketAddress resolve() {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new MetricsException(Outcome.USAGE, "cannot listen on " + this + ": unknown host " + host);
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
