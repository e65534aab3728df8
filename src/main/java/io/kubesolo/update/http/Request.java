package io.kubesolo.update.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One request as its sender describes it, before redirects: the transport adds what every request
 * carries (User-Agent, {@code Accept-Encoding: identity}) and follows redirects.
 *
 * @param what    the object, for messages about the URL itself: "latest.json", "vmlinuz"
 * @param action  what the request does, the prefix of every message about it: "GET http://x/latest.json
 *                (latest.json)", "fetch manifest stable from registry.example.com/kubesolo/os"
 * @param headers sent as given; {@code Authorization} only to the origin of {@link #uri}, never after a
 *                redirect to another one
 */
public record Request(
        String method, URI uri, String what, String action, Map<String, String> headers, Optional<RequestBody> body) {

    public Request {
        headers = Map.copyOf(headers);
    }

    /** A GET or HEAD of {@code what}, described as "GET uri (what)". */
    public static Request of(String method, URI uri, String what) {
        return new Request(method, uri, what, method + " " + uri + " (" + what + ")", Map.of(), Optional.empty());
    }

    /** The same request with one more header. */
    public Request with(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Request(method, uri, what, action, more, body);
    }

    /** The same request with these headers too. */
    public Request with(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(more);
        return new Request(method, uri, what, action, all, body);
    }
}
