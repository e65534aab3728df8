package io.kubesolo.update.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process HTTP server on a free 127.0.0.1 port for what a real server cannot do on request:
 * cut a body short, send more than declared, answer 500, redirect in a loop, answer a few requests
 * one way and the next another, play a registry or token service that misbehaves. Paths not set
 * answer {@link #otherwise} (404 unless set). Counts GET requests per path, and records their
 * {@code Range} headers, so tests can show what was (not) downloaded.
 */
public final class FaultServer implements AutoCloseable {

    /** How one path answers. */
    @FunctionalInterface
    public interface Response {
        void send(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, Response> responses = new ConcurrentHashMap<>();
    private volatile Response otherwise = status(404);
    private final Map<String, AtomicInteger> gets = new ConcurrentHashMap<>();
    private final Map<String, List<String>> ranges = new ConcurrentHashMap<>();

    public FaultServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public String url() {
        return "http://" + host();
    }

    /** {@code 127.0.0.1:<port>}, as a registry host. */
    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public FaultServer on(String path, Response response) {
        responses.put(path, response);
        return this;
    }

    /** How every path not set with {@link #on} answers. */
    public FaultServer otherwise(Response response) {
        otherwise = response;
        return this;
    }

    public FaultServer serve(String path, byte[] body) {
        return on(path, ok(body));
    }

    public int gets(String path) {
        return gets.getOrDefault(path, new AtomicInteger()).get();
    }

    /** The {@code Range} header of each GET of {@code path}, {@code "-"} for none, in order. */
    public List<String> ranges(String path) {
        return List.copyOf(ranges.getOrDefault(path, List.of()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if ("GET".equals(exchange.getRequestMethod())) {
            gets.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            String range = exchange.getRequestHeaders().getFirst("Range");
            ranges.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(range == null ? "-" : range);
        }
        try (exchange) {
            responses.getOrDefault(path, otherwise).send(exchange);
        }
    }

    /** 200 with Content-Length; HEAD gets the headers only. */
    public static Response ok(byte[] body) {
        return exchange -> {
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        };
    }

    /**
     * A static file that honours {@code Range: bytes=N-}: 206 with {@code Content-Range}, 416
     * when N is not below its length, 200 without a range.
     */
    public static Response ranged(byte[] body) {
        return exchange -> {
            String range = exchange.getRequestHeaders().getFirst("Range");
            if (range == null || "HEAD".equals(exchange.getRequestMethod())) {
                ok(body).send(exchange);
                return;
            }
            int from = Integer.parseInt(range.replaceFirst("^bytes=(\\d+)-$", "$1"));
            if (from >= body.length) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + body.length);
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            exchange.getResponseHeaders()
                    .set("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
            exchange.sendResponseHeaders(206, body.length - from);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body, from, body.length - from);
            }
        };
    }

    /** Answers the first GET or HEAD with the first response, the second with the second, …; the last one from then on. */
    public static Response sequence(Response... responses) {
        AtomicInteger next = new AtomicInteger();
        return exchange -> responses[Math.min(next.getAndIncrement(), responses.length - 1)].send(exchange);
    }

    /** {@code code} with a {@code Retry-After} header. */
    public static Response retryAfter(int code, String retryAfter) {
        return exchange -> {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
            status(code).send(exchange);
        };
    }

    public static Response status(int code) {
        return exchange -> {
            byte[] body = ("status " + code).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, "HEAD".equals(exchange.getRequestMethod()) ? -1 : body.length);
            if (!"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseBody().write(body);
            }
        };
    }

    /** Answers {@code status} with {@code body} (no body when it is empty). */
    public static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Answers 401 asking for a bearer token from {@code tokens}'s {@code /token}, as a registry does;
     * {@code parameters} follow the realm, e.g. {@code service="r",scope="repository:os:pull"}.
     */
    public static void askForToken(HttpExchange exchange, FaultServer tokens, String parameters) throws IOException {
        exchange.getResponseHeaders()
                .set("WWW-Authenticate", "Bearer realm=\"" + tokens.url() + "/token\"," + parameters);
        send(exchange, 401, new byte[0]);
    }

    public static Response redirect(String location) {
        return exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(302, -1);
        };
    }

    /** Declares {@code declared.length} bytes, sends only the first {@code sent}, then closes the connection. */
    public static Response truncated(byte[] declared, int sent) {
        return exchange -> {
            if ("HEAD".equals(exchange.getRequestMethod())) {
                ok(declared).send(exchange);
                return;
            }
            exchange.sendResponseHeaders(200, declared.length);
            OutputStream out = exchange.getResponseBody();
            out.write(declared, 0, sent);
            out.flush();
            // Closing the exchange with bytes missing makes the server drop the connection.
        };
    }

    /** Chunked (no Content-Length) body; HEAD declares {@code headSize}. */
    public static Response chunked(byte[] body, long headSize) {
        return exchange -> {
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(headSize));
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        };
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
