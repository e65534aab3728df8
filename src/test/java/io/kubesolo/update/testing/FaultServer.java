package io.kubesolo.update.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process HTTP server on 127.0.0.1 for what a real static server cannot do on request: cut a
 * body short, send more than declared, answer 500, redirect in a loop. Paths not set answer 404.
 * Counts GET requests per path so tests can show what was (not) downloaded.
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
    private final Map<String, AtomicInteger> gets = new ConcurrentHashMap<>();

    public FaultServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FaultServer on(String path, Response response) {
        responses.put(path, response);
        return this;
    }

    public FaultServer serve(String path, byte[] body) {
        return on(path, ok(body));
    }

    public int gets(String path) {
        return gets.getOrDefault(path, new AtomicInteger()).get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if ("GET".equals(exchange.getRequestMethod())) {
            gets.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        }
        try (exchange) {
            responses.getOrDefault(path, status(404)).send(exchange);
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

    public static Response status(int code) {
        return exchange -> {
            byte[] body = ("status " + code).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, "HEAD".equals(exchange.getRequestMethod()) ? -1 : body.length);
            if (!"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseBody().write(body);
            }
        };
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
