package io.kubesolo.update.http;

import io.kubesolo.update.Closeables;
import io.kubesolo.update.cache.CachedDocument;
import io.kubesolo.update.http.wire.BoundReachedException;
import io.kubesolo.update.http.wire.Connection;
import io.kubesolo.update.http.wire.ConnectionPool;
import io.kubesolo.update.http.wire.Connector;
import io.kubesolo.update.http.wire.RequestHead;
import io.kubesolo.update.http.wire.ResponseBody;
import io.kubesolo.update.http.wire.ResponseHead;
import io.kubesolo.update.http.wire.Route;
import io.kubesolo.update.proxy.ProxyRules;
import io.kubesolo.update.retry.Deadline;
import io.kubesolo.update.retry.Retry;
import io.kubesolo.update.retry.RetryAfter;
import io.kubesolo.update.retry.TransientFailure;
import io.kubesolo.update.tls.TlsContexts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The one HTTP client of the agent, shared by the update server source and the registry client:
 * built once with its timeouts, proxies and TLS trust, and passed to whatever talks HTTP. It owns
 * the connection, the {@code User-Agent}, {@code Accept-Encoding: identity} (a body is the file,
 * never a compressed copy of it), timeouts, redirects and which statuses are transient; what a
 * status means for a protocol, and authentication, are the caller's ({@link #exchange}).
 *
 * <p>Redirects are followed up to {@link #MAX_REDIRECTS} times, never from https to plain http,
 * with a loop caught as soon as a URL repeats; {@code Authorization} goes only to the origin it was
 * meant for, never to the target of a redirect to another one (a registry sends blobs to a storage
 * host).
 *
 * <p>Four bounds, each enforced while a read waits, not only between reads: the connect timeout;
 * the read timeout on every read; the same length as a deadline on the whole of a response's
 * headers and of a small document (a server that drips is never idle long enough for a read
 * timeout); and the run's deadline ({@link #until}), which ends a download's read when it comes.
 *
 * <p>It speaks HTTP/1.1 itself, over its own sockets ({@code http.wire}), because neither client of
 * the JDK can bound a read that is already waiting: {@code HttpURLConnection.disconnect()} from
 * another thread blocks on the body stream's lock until the read times out, and
 * {@code java.net.http.HttpClient} streamed 512 MiB through SHA-256 at 120–290 MiB/s against
 * 420–740 MiB/s, with no idle-read timeout for a body. Connections are kept alive and reused
 * ({@link ConnectionPool}).
 *
 * <p>Transient failures (connection refused or reset, a timeout, HTTP 408, 429, 500, 502, 503,
 * 504) are retried through the {@link Retry} it is given, honouring {@code Retry-After}; every
 * other status fails at once. Retries cover getting a response; a body that breaks off while being
 * streamed is the reader's to resume (the stager continues it with a {@code Range} request).
 *
 * <p>Every failure is an {@link HttpSourceException} naming the request: "GET http://x/latest.json: HTTP 404".
 */
public final class HttpTransport {

    /**
     * What OkHttp ({@code MAX_FOLLOW_UPS}), Firefox and Chrome follow; a CDN or an object store
     * chains two or three, and a loop is caught before the limit.
     */
    public static final int MAX_REDIRECTS = 20;

    /**
     * The whole-answer deadline is the read timeout, but never under this: it is there against
     * servers that drip for ever, and a sub-second read timeout (a LAN, a test) must not fail an
     * honest answer whose headers a loaded machine parses in more than one read's time.
     */
    static final Duration MIN_RESPONSE_DEADLINE = Duration.ofSeconds(2);

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final String userAgent;
    private final Retry retry;
    private final ProxyRules proxies;
    private final TlsContexts tls;
    private final Duration responseDeadline;
    private final Deadline overall;
    private final Connector connector;
    private final ConnectionPool pool;

    /** A transport that never retries, connects directly and trusts the system's certificate authorities. */
    public HttpTransport(Duration connectTimeout, Duration readTimeout, String userAgent) {
        this(connectTimeout, readTimeout, userAgent, Retry.none(), ProxyRules.none(), TlsContexts.system());
    }

    /** A transport that trusts the system's certificate authorities. */
    public HttpTransport(
            Duration connectTimeout, Duration readTimeout, String userAgent, Retry retry, ProxyRules proxies) {
        this(connectTimeout, readTimeout, userAgent, retry, proxies, TlsContexts.system());
    }

    /**
     * @param connectTimeout how long to wait for a TCP connection
     * @param readTimeout    how long a read may wait for the next bytes, and a response's headers, or a
     *                       small document, for all of it
     * @param retry          what to do about transient failures
     * @param proxies        which proxy each request goes through
     * @param tls            which certificate authorities (and client certificate) each https origin gets
     */
    public HttpTransport(
            Duration connectTimeout,
            Duration readTimeout,
            String userAgent,
            Retry retry,
            ProxyRules proxies,
            TlsContexts tls) {
        this(connectTimeout, readTimeout, userAgent, retry, proxies, tls, Deadline.none(), new ConnectionPool());
    }

    private HttpTransport(
            Duration connectTimeout,
            Duration readTimeout,
            String userAgent,
            Retry retry,
            ProxyRules proxies,
            TlsContexts tls,
            Deadline overall,
            ConnectionPool pool) {
        if (connectTimeout.compareTo(Duration.ZERO) <= 0 || readTimeout.compareTo(Duration.ZERO) <= 0) {
            throw new IllegalArgumentException("timeouts must be more than 0: to a socket 0 means for ever");
        }
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.userAgent = userAgent;
        this.retry = retry;
        this.proxies = proxies;
        this.tls = tls;
        this.responseDeadline = readTimeout.compareTo(MIN_RESPONSE_DEADLINE) < 0 ? MIN_RESPONSE_DEADLINE : readTimeout;
        this.overall = overall;
        this.connector = new Connector(connectTimeout, readTimeout, responseDeadline, overall, userAgent);
        this.pool = pool;
    }

    /**
     * This transport, every read and connection of it also bounded by {@code deadline}: a read
     * waiting when it comes ends then with a {@link BoundReachedException}, and no connection is
     * begun after it.
     */
    public HttpTransport until(Deadline deadline) {
        return new HttpTransport(connectTimeout, readTimeout, userAgent, retry, proxies, tls, deadline, pool);
    }

    /** The retries this transport makes, for callers that retry a whole protocol step (with its authentication). */
    public Retry retry() {
        return retry;
    }

    /**
     * An open response body. The caller closes it; {@link #contentLength} is what the server
     * declared; {@link #start} is the offset of its first byte in the file: the offset asked for
     * when the server answered 206 ({@link #partial}), 0 when it answered 200 (it ignored the range).
     */
    public record Body(URI uri, InputStream stream, OptionalLong contentLength, long start, boolean partial)
            implements AutoCloseable {
        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    /** Refuses any URL that is not absolute http or https. */
    public static void requireHttp(URI uri, String what) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
            throw new HttpSourceException(what + " " + uri + " is not an http:// or https:// URL");
        }
    }

    /** Statuses that say "not now" rather than "no": timeout, too many requests, server errors. */
    public static boolean isTransient(int status) {
        return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /**
     * Sends {@code request} once, following redirects, and returns the first answer that is not a
     * redirect, whatever its status: the caller decides what it means and closes it.
     *
     * @throws TransientFailure     when no answer came and another try may get one (refused, reset,
     *                              timed out)
     * @throws HttpSourceException  when trying again will not help: a TLS failure, a bad redirect, a
     *                              server too slow to finish its headers
     */
    public HttpResponse exchange(Request request) throws TransientFailure {
        requireHttp(request.uri(), request.what());
        Set<URI> visited = new LinkedHashSet<>();
        Map<String, String> headers = request.headers();
        URI uri = request.uri();
        while (true) {
            if (!visited.add(uri)) {
                throw new HttpSourceException(request.action() + ": redirect loop " + chain(visited, uri));
            }
            if (visited.size() > MAX_REDIRECTS + 1) {
                throw new HttpSourceException(
                        request.action() + ": more than " + MAX_REDIRECTS + " redirects " + chain(visited, null));
            }
            HttpResponse response = send(request, uri, headers);
            if (!isRedirect(response.status())) {
                return response;
            }
            URI next = location(response, uri, request);
            response.abandon();
            if (!sameOrigin(uri, next)) {
                headers = withoutAuthorization(headers);
            }
            uri = next;
        }
    }

    /** Whether two URLs have the same scheme, host and port (RFC 6454). */
    public static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(lower(a.getScheme()), lower(b.getScheme()))
                && Objects.equals(lower(a.getHost()), lower(b.getHost()))
                && port(a) == port(b);
    }

    private static String lower(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static Map<String, String> withoutAuthorization(Map<String, String> headers) {
        Map<String, String> kept = new LinkedHashMap<>(headers);
        kept.keySet().removeIf(name -> name.equalsIgnoreCase("Authorization"));
        return kept;
    }

    /**
     * GETs {@code uri}; status 200, or with {@code offset > 0} a {@code Range: bytes=offset-}
     * request answered 206 (its {@code Content-Range} must start at {@code offset}) or 200 (see
     * {@link Body#start}). The body stream fails when it ends before the declared length.
     *
     * @param what what is being fetched, for messages ("latest.json", "vmlinuz")
     * @throws HttpSourceException with {@link HttpSourceException#status()} 416 when the server
     *                             has fewer than {@code offset} bytes
     */
    public Body get(URI uri, String what, long offset) {
        Request request = Request.of("GET", uri, what);
        return body(offset > 0 ? request.with("Range", "bytes=" + offset + "-") : request, offset);
    }

    /**
     * GETs bytes {@code [offset, offset + length)} of {@code uri} with {@code Range: bytes=first-last}
     * (sent on every hop of a redirect): a 206 answer starts at {@code offset}; a server without range
     * support answers 200 with the whole file, {@link Body#partial} false. The body may go on past the range.
     */
    public Body getRange(URI uri, String what, long offset, long length) {
        return body(
                Request.of("GET", uri, what).with("Range", "bytes=" + offset + "-" + (offset + length - 1)), offset);
    }

    private Body body(Request request, long offset) {
        HttpResponse response = successful(request, request.headers().containsKey("Range"), false);
        try {
            long start = startOf(response, request.what(), offset);
            return new Body(
                    response.uri(), response.takeBody(), response.contentLength(), start, response.status() == 206);
        } catch (IOException e) {
            response.abandon();
            throw new HttpSourceException("GET " + response.uri() + " (" + request.what() + "): " + describe(e), e);
        }
    }

    private static long startOf(HttpResponse response, String what, long offset) {
        if (response.status() != 206) {
            return 0;
        }
        String range = response.header("Content-Range").orElse(null);
        if (range == null || !range.strip().startsWith("bytes " + offset + "-")) {
            response.abandon();
            throw new HttpSourceException("GET " + response.uri() + " (" + what + "): asked for the bytes from "
                    + offset + " but the server sent the range '" + range + "'");
        }
        return offset;
    }

    /**
     * Reads a small document whole, refusing one longer than {@code maxBytes} (by its declared
     * length before reading, or as soon as the bytes exceed it), or one that takes longer than the
     * read timeout as a whole: a server dripping a byte at a time is never idle long enough for the
     * read timeout, and would otherwise hold the agent (and the device lock) for ever.
     */
    public byte[] getSmall(URI uri, String what, int maxBytes) {
        return fetchSmall(uri, what, maxBytes, Map.of()).orElseThrow().bytes();
    }

    /**
     * As {@link #getSmall}, unless the document is still the copy the caller {@code held}: its
     * validators go out as {@code If-None-Match} and {@code If-Modified-Since}, and a
     * {@code 304 Not Modified} answer is empty. A fresh answer comes with its own validators.
     */
    public Optional<CachedDocument> getSmallIfChanged(
            URI uri, String what, int maxBytes, Optional<CachedDocument> held) {
        Map<String, String> conditions = new LinkedHashMap<>();
        held.flatMap(CachedDocument::etag).ifPresent(etag -> conditions.put("If-None-Match", etag));
        held.flatMap(CachedDocument::lastModified).ifPresent(date -> conditions.put("If-Modified-Since", date));
        return fetchSmall(uri, what, maxBytes, conditions);
    }

    private Optional<CachedDocument> fetchSmall(URI uri, String what, int maxBytes, Map<String, String> conditions) {
        requireHttp(uri, what);
        try {
            return retry.run(() -> readSmall(Request.of("GET", uri, what).with(conditions), maxBytes));
        } catch (TransientFailure e) {
            throw new HttpSourceException(e.getMessage(), e);
        }
    }

    /**
     * One try at a small document, connection included; a body that breaks off is worth another
     * try. Empty for a 304 Not Modified.
     */
    private Optional<CachedDocument> readSmall(Request request, int maxBytes) throws TransientFailure {
        HttpResponse response =
                successfulOnce(request, false, !request.headers().isEmpty());
        String what = request.what();
        try (response) {
            if (response.status() == 304) {
                return Optional.empty();
            }
            if (response.contentLength().isPresent() && response.contentLength().getAsLong() > maxBytes) {
                response.abandon();
                throw new HttpSourceException(what + " at " + response.uri() + " is "
                        + response.contentLength().getAsLong() + " bytes, more than the " + maxBytes + " allowed");
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            InputStream in = response.body();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) != -1) {
                bytes.write(buffer, 0, read);
                if (bytes.size() > maxBytes) {
                    response.abandon();
                    throw new HttpSourceException(
                            what + " at " + response.uri() + " is longer than the " + maxBytes + " bytes allowed");
                }
            }
            return Optional.of(CachedDocument.fromResponse(
                    response.header("ETag").orElse(null),
                    response.header("Last-Modified").orElse(null),
                    response.header("Date").orElse(null),
                    response.header("Content-Type").orElse(""),
                    bytes.toByteArray()));
        } catch (IOException e) {
            throw TransientFailure.of("GET " + response.uri() + " (" + what + "): " + describe(e), e);
        }
    }

    /** The size a HEAD request declares for {@code uri}, or empty when the server declares none. */
    public OptionalLong head(URI uri, String what) {
        HttpResponse response = successful(Request.of("HEAD", uri, what), false, false);
        try {
            return response.contentLength();
        } finally {
            response.abandon();
        }
    }

    /** {@link #successfulOnce}, retrying transient failures. */
    private HttpResponse successful(Request request, boolean ranged, boolean conditional) {
        requireHttp(request.uri(), request.what());
        try {
            return retry.run(() -> successfulOnce(request, ranged, conditional));
        } catch (TransientFailure e) {
            throw new HttpSourceException(e.getMessage(), e);
        }
    }

    /**
     * The answer to {@code request} if it is a success: 200, 206 to a range request, 304 to a
     * conditional one; any other status is a failure, transient or not.
     */
    private HttpResponse successfulOnce(Request request, boolean ranged, boolean conditional) throws TransientFailure {
        HttpResponse response = exchange(request);
        int status = response.status();
        if (status == 200 || (status == 206 && ranged) || (status == 304 && conditional)) {
            return response;
        }
        String message = request.method() + " " + response.uri() + " (" + request.what() + "): HTTP " + status
                + response.reason();
        Optional<String> retryAfter = response.header("Retry-After");
        response.abandon();
        if (isTransient(status)) {
            throw TransientFailure.withRetryAfter(
                    message,
                    RetryAfter.parse(retryAfter.orElse(null), retry.clock().instant()));
        }
        throw new HttpSourceException(status, message);
    }

    /**
     * One request to one URL: on a kept-alive connection to its route, or a new one, the request
     * sent and the answer's head read within the response deadline. A kept-alive connection the
     * server closed while it was idle fails before any byte of an answer: the request then goes
     * once more, on a new connection.
     */
    private HttpResponse send(Request request, URI uri, Map<String, String> headers) throws TransientFailure {
        Route route = Route.of(uri, proxies.proxyFor(uri));
        RequestHead head = head(request, uri, route, headers);
        while (true) {
            Optional<Connection> idle = pool.take(route);
            Connection connection = idle.isPresent() ? idle.get() : connect(request, uri, route);
            long before = connection.received();
            try (InputStream content =
                    request.body().isPresent() ? request.body().get().content().open() : null) {
                connection.send(head, content);
                connection.boundResponse(responseDeadline);
                ResponseHead answer = ResponseHead.read(connection);
                ResponseBody body = ResponseBody.open(connection, answer, request.method(), pool, request.action());
                return new HttpResponse(connection, answer, body, uri, request.action(), responseDeadline);
            } catch (BoundReachedException e) {
                Closeables.closeQuietly(connection);
                throw tooSlow(request, e, "its headers");
            } catch (IOException e) {
                Closeables.closeQuietly(connection);
                if (idle.isEmpty() || connection.received() != before) {
                    throw unreachable(request, uri, e);
                }
            }
        }
    }

    private Connection connect(Request request, URI uri, Route route) throws TransientFailure {
        try {
            return connector.open(route, route.secure() ? tls.socketFactoryFor(uri) : null);
        } catch (BoundReachedException e) {
            throw tooSlow(request, e, "connecting");
        } catch (IOException e) {
            throw unreachable(request, uri, e);
        }
    }

    /** The request's head with what every request carries: {@code User-Agent}, {@code Accept-Encoding: identity}. */
    private RequestHead head(Request request, URI uri, Route route, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("User-Agent", userAgent);
        all.put("Accept-Encoding", "identity");
        all.putAll(headers);
        request.body()
                .ifPresentOrElse(
                        body -> {
                            all.put("Content-Type", body.contentType());
                            all.put("Content-Length", Long.toString(body.length()));
                        },
                        () -> {
                            if (request.method().equals("POST")
                                    || request.method().equals("PUT")) {
                                all.put("Content-Length", "0"); // some proxies answer 411 to a bodiless POST without it
                            }
                        });
        try {
            return RequestHead.of(request.method(), uri, route, all);
        } catch (IllegalArgumentException e) {
            throw new HttpSourceException(request.action() + ": " + e.getMessage(), e);
        }
    }

    private HttpSourceException tooSlow(Request request, BoundReachedException e, String what) {
        if (e.bound() == BoundReachedException.Bound.OVERALL) {
            return new HttpSourceException(request.action() + ": the time allowed for the whole download ("
                    + overall.describe() + ") ran out while "
                    + (what.equals("connecting") ? "connecting" : "waiting for " + what));
        }
        return new HttpSourceException(request.action() + ": the server did not finish " + what + " within "
                + describe(responseDeadline) + "; giving up on it");
    }

    /**
     * Not reaching the server, or losing it before its answer, may work next time; a TLS failure
     * (an untrusted certificate, a server that does not speak TLS) will not.
     */
    private static TransientFailure unreachable(Request request, URI uri, IOException e) {
        String message = request.action() + ": cannot reach " + uri.getScheme() + "://" + uri.getRawAuthority() + ": "
                + describe(e);
        if (!TransientFailure.mayPass(e)) {
            throw new HttpSourceException(message, e);
        }
        return TransientFailure.of(message, e);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI location(HttpResponse response, URI from, Request request) {
        String header = response.header("Location").orElse(null);
        if (header == null) {
            response.abandon();
            throw new HttpSourceException(request.action() + ": redirect from " + from + " without a Location");
        }
        URI next;
        try {
            next = from.resolve(new URI(header));
        } catch (URISyntaxException e) {
            response.abandon();
            throw new HttpSourceException(request.action() + ": redirect to an invalid URL '" + header + "'", e);
        }
        requireHttp(next, request.what() + " redirect target");
        if ("https".equalsIgnoreCase(from.getScheme()) && "http".equalsIgnoreCase(next.getScheme())) {
            response.abandon();
            throw new HttpSourceException(request.action() + ": refusing a redirect from https to " + next);
        }
        return next;
    }

    private static String chain(Set<URI> visited, URI last) {
        List<String> hops = new ArrayList<>();
        visited.forEach(uri -> hops.add(uri.toString()));
        if (last != null) {
            hops.add(last.toString());
        }
        return String.join(" -> ", hops);
    }

    /** "3 s", or "500 ms" for less than a second. */
    static String describe(Duration duration) {
        return duration.toMillis() < 1000 ? duration.toMillis() + " ms" : duration.toSeconds() + " s";
    }

    static String describe(Exception e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }
}
