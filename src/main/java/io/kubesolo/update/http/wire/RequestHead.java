package io.kubesolo.update.http.wire;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The head of an HTTP/1.1 request as it goes on the wire: request line, {@code Host}, then the
 * given headers in order. A header that would break the framing (a CR, LF or NUL in a name or
 * value) is refused: some come from servers (a token, a redirect's URL).
 *
 * @param target  the request target: origin form ({@code /v2/x?y}), or absolute form for a proxy
 */
public record RequestHead(String method, String target, String host, Map<String, String> headers) {

    /** @throws IllegalArgumentException when a part holds a line break or a character HTTP cannot carry */
    public RequestHead {
        safe(method);
        safe(target);
        safe(host);
        headers.forEach((name, value) -> {
            safe(name);
            safe(value);
        });
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /**
     * The head for {@code uri} on {@code route}: in absolute form when it goes to a proxy in plain
     * HTTP (the proxy forwards it), in origin form otherwise (direct, or inside a CONNECT tunnel).
     */
    public static RequestHead of(String method, URI uri, Route route, Map<String, String> headers) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String origin = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        boolean absolute = route.proxy().isPresent() && !route.secure();
        return new RequestHead(
                method,
                absolute ? route.scheme() + "://" + route.authority() + origin : origin,
                route.authority(),
                headers);
    }

    /** A {@code CONNECT} asking a proxy for a tunnel to {@code route}'s origin. */
    static RequestHead connect(Route route, String userAgent) {
        return new RequestHead("CONNECT", route.hostAndPort(), route.hostAndPort(), Map.of("User-Agent", userAgent));
    }

    byte[] encode() {
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(host).append("\r\n");
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void safe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 0xff) {
                throw new IllegalArgumentException(
                        "a request header holds a line break or a character HTTP cannot carry: '"
                                + text.replaceAll("[\\r\\n\\x00]", "?") + "'");
            }
        }
    }
}
