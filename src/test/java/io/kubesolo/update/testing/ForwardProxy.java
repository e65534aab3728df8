package io.kubesolo.update.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-process forwarding HTTP proxy on 127.0.0.1, as a client configured with
 * {@code HTTP_PROXY} reaches servers through it: requests in absolute form
 * ({@code GET http://host:port/path}), sent on to the server, the answer (status, headers, body)
 * streamed back. GET and HEAD only, which is what {@code check} and {@code apply} send. Records
 * every request it forwarded, so tests can show which went through it.
 */
public final class ForwardProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "proxy-connection",
            "keep-alive",
            "transfer-encoding",
            "te",
            "trailer",
            "upgrade",
            "proxy-authorization",
            "host",
            "content-length");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<String> forwarded = Collections.synchronizedList(new ArrayList<>());

    public ForwardProxy() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::forward);
        server.setExecutor(executor);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}, the value for {@code HTTP_PROXY}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request forwarded so far: "GET http://127.0.0.1:5000/v2/...". */
    public List<String> forwarded() {
        synchronized (forwarded) {
            return List.copyOf(forwarded);
        }
    }

    private void forward(HttpExchange exchange) throws IOException {
        URI target = exchange.getRequestURI();
        String method = exchange.getRequestMethod();
        if (target.getScheme() == null || !(method.equals("GET") || method.equals("HEAD"))) {
            exchange.sendResponseHeaders(400, -1);
            exchange.close();
            return;
        }
        forwarded.add(method + " " + target);
        HttpURLConnection upstream = (HttpURLConnection) target.toURL().openConnection(Proxy.NO_PROXY);
        try {
            upstream.setRequestMethod(method);
            upstream.setInstanceFollowRedirects(false);
            upstream.setUseCaches(false);
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> upstream.addRequestProperty(name, value));
                }
            });
            int status = upstream.getResponseCode();
            for (Map.Entry<String, List<String>> header :
                    upstream.getHeaderFields().entrySet()) {
                if (header.getKey() != null
                        && !HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    exchange.getResponseHeaders().put(header.getKey(), header.getValue());
                }
            }
            long length = upstream.getContentLengthLong();
            boolean noBody = method.equals("HEAD") || status == 304 || status == 204;
            exchange.sendResponseHeaders(status, noBody ? -1 : length > 0 ? length : length == 0 ? -1 : 0);
            if (!noBody) {
                try (InputStream in = status >= 400 ? upstream.getErrorStream() : upstream.getInputStream();
                        OutputStream out = exchange.getResponseBody()) {
                    if (in != null) {
                        in.transferTo(out);
                    }
                }
            }
        } finally {
            upstream.disconnect();
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
