package io.kubesolo.update.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Small in-process HTTP servers on 127.0.0.1, for faults a real server cannot be made to produce;
 * {@link #close} stops every one a test started.
 */
public final class LoopbackServers implements AutoCloseable {

    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

    /** Starts a server on a free loopback port answering every path with {@code handler}. */
    public HttpServer serve(HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler);
        server.start();
        servers.add(server);
        return server;
    }

    /** {@code 127.0.0.1:<port>}, as a registry host. */
    public static String host(HttpServer server) {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code status} with {@code body} (no body when it is empty). */
    public static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        servers.forEach(server -> server.stop(0));
    }
}
