package io.kubesolo.update.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for the Kubernetes API server on 127.0.0.1 (a real one cannot run here): answers the
 * real API paths with canned documents and remembers the Authorization header it was sent. Unknown
 * paths get the 404 {@code Status} object the real server sends.
 */
final class FakeApiServer implements AutoCloseable {

    record Answer(int status, String body) {}

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private volatile String lastAuthorization;

    private FakeApiServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeApiServer http() {
        try {
            return new FakeApiServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param https an HTTPS server not yet bound to a context, configured by the caller */
    static FakeApiServer https(HttpsServer https) {
        return new FakeApiServer(https);
    }

    FakeApiServer answer(String path, int status, String body) {
        answers.put(path, new Answer(status, body));
        return this;
    }

    FakeApiServer answerResource(String path, String resource) {
        return answer(path, 200, TestResources.text(resource));
    }

    URI url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    String lastAuthorization() {
        return lastAuthorization;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            String path = exchange.getRequestURI().getRawPath();
            Answer answer = answers.getOrDefault(
                    path,
                    new Answer(
                            404,
                            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                                    + "\"message\":\"the server could not find the requested resource\",\"reason\":\"NotFound\",\"code\":404}"));
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders()
                    .set(
                            "Content-Type",
                            answer.body().startsWith("{") ? "application/json" : "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
