package io.kubesolo.update.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kubesolo.update.UpdateException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Serves {@code GET /metrics} over HTTP, computing the exposition at each scrape. Expositions are
 * computed one at a time: each one reads the device (and on the block backend may mount a slot),
 * and two at once would only contend for the same partitions. Connections, though, are read on a
 * few threads of their own, and each request must arrive within {@value #REQUEST_SECONDS} s: one
 * client sending its headers a byte at a time must not hold up every other scrape.
 *
 * <p>Answers: 200 with {@value #CONTENT_TYPE}; 500 with the one-line reason when the device could
 * not be read (the reason also goes to {@code errors}); 404 for any other path; 405 for any method
 * but GET and HEAD. The server stops on {@link #close()}.
 */
public final class MetricsServer implements AutoCloseable {

    public static final String PATH = "/metrics";
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** How long {@link #close()} lets a scrape in progress finish. */
    private static final int STOP_GRACE_SECONDS = 1;
    /** Connections read at once: a scraper or two, and room for as many stalled clients. */
    private static final int CONNECTION_THREADS = 4;
    /** How long a client may take to send its request (the JDK server then closes the connection). */
    static final int REQUEST_SECONDS = 10;

    static {
        // The JDK's server reads this once, when it is first used (jdk.httpserver's documented settings).
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_SECONDS));
    }

    private final HttpServer server;
    private final ExecutorService connections;

    private MetricsServer(HttpServer server, ExecutorService connections) {
        this.server = server;
        this.connections = connections;
    }

    /**
     * Binds {@code address} and starts serving.
     *
     * @param exposition computes the exposition text; may throw {@link UpdateException}
     * @param errors     receives the reason of every scrape that failed
     */
    public static MetricsServer start(InetSocketAddress address, Supplier<String> exposition, Consumer<String> errors) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new MetricsException(
                    "cannot listen on " + address.getHostString() + ":" + address.getPort() + ": " + e.getMessage(), e);
        }
        ReentrantLock oneAtATime = new ReentrantLock();
        Supplier<String> serialised = () -> {
            oneAtATime.lock();
            try {
                return exposition.get();
            } finally {
                oneAtATime.unlock();
            }
        };
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(exchange, serialised, errors);
            }
        });
        ExecutorService connections = Executors.newFixedThreadPool(CONNECTION_THREADS, task -> {
            Thread thread = new Thread(task, "metrics-connection");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(connections);
        server.start();
        return new MetricsServer(server, connections);
    }

    /** The address actually bound (with the port the system chose when asked for port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(STOP_GRACE_SECONDS);
        connections.shutdownNow();
    }

    private static void handle(HttpExchange exchange, Supplier<String> exposition, Consumer<String> errors)
            throws IOException {
        if (!PATH.equals(exchange.getRequestURI().getPath())) {
            respond(exchange, 404, "not found: metrics are at " + PATH + "\n");
            return;
        }
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            respond(exchange, 405, "method " + method + " not allowed\n");
            return;
        }
        String text;
        try {
            text = exposition.get();
        } catch (UpdateException e) {
            errors.accept("scrape failed: " + e.getMessage());
            respond(exchange, 500, "scrape failed: " + e.getMessage() + "\n");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void respond(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
