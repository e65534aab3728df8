package io.kubesolo.update.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback server in front of a real {@link LocalRegistry} that adds what distribution 2.8 lacks:
 * the referrers API of distribution spec 1.1. Every request is forwarded to the registry, except
 * {@code GET /v2/<name>/referrers/<digest>}, answered here from the manifests with a {@code subject}
 * that were pushed through it (their PUT is answered with {@code OCI-Subject}, as a registry with
 * the API does). Like some registries, it ignores the {@code artifactType} filter and pages: page one
 * lists only an SBOM referrer and links to page two, which lists the rest.
 */
final class ReferrersApiProxy implements AutoCloseable {

    private static final Pattern REFERRERS = Pattern.compile("/v2/(.+)/referrers/(sha256:[0-9a-f]{64})");
    private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
    private static final List<String> FORWARDED_REQUEST_HEADERS =
            List.of("Accept", "Content-Type", "Range", "Authorization");
    private static final List<String> FORWARDED_RESPONSE_HEADERS = List.of(
            "Content-Type",
            "Docker-Content-Digest",
            "Location",
            "Range",
            "Content-Range",
            "Docker-Upload-UUID",
            "WWW-Authenticate");

    private final ObjectMapper json = new ObjectMapper();
    private final URI upstream;
    private final HttpServer server;
    private final Map<String, List<JsonNode>> referrers = new ConcurrentHashMap<>();
    private final AtomicInteger referrersRequests = new AtomicInteger();

    private ReferrersApiProxy(LocalRegistry registry) throws IOException {
        this.upstream = registry.base();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static ReferrersApiProxy start(LocalRegistry registry) throws IOException {
        return new ReferrersApiProxy(registry);
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** A client for {@code repository} through this proxy, anonymous, over plain HTTP. */
    ContentStore store(String repository) {
        return RegistryClient.of(
                Reference.parse(host() + "/" + repository), RegistryAccess.of(true, reference -> Optional.empty()));
    }

    int referrersRequests() {
        return referrersRequests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher referrersPath = REFERRERS.matcher(exchange.getRequestURI().getRawPath());
            if (exchange.getRequestMethod().equals("GET") && referrersPath.matches()) {
                answerReferrers(exchange, referrersPath.group(1), referrersPath.group(2));
            } else {
                forward(exchange);
            }
        }
    }

    private void answerReferrers(HttpExchange exchange, String name, String subject) throws IOException {
        referrersRequests.incrementAndGet();
        boolean secondPage =
                String.valueOf(exchange.getRequestURI().getRawQuery()).contains("page=2");
        ObjectNode index = json.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        if (secondPage) {
            referrers.getOrDefault(name + "@" + subject, List.of()).forEach(manifests::add);
        } else {
            manifests
                    .addObject()
                    .put("mediaType", MediaTypes.OCI_MANIFEST)
                    .put("artifactType", "application/spdx+json")
                    .put("digest", "sha256:" + "5".repeat(64))
                    .put("size", 321);
            exchange.getResponseHeaders()
                    .add("Link", "</v2/" + name + "/referrers/" + subject + "?page=2>; rel=\"next\"");
        }
        byte[] body = json.writeValueAsBytes(index);
        exchange.getResponseHeaders().add("Content-Type", MediaTypes.OCI_INDEX);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private void forward(HttpExchange exchange) throws IOException {
        URI target = upstream.resolve(exchange.getRequestURI().toString());
        HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
        connection.setInstanceFollowRedirects(false);
        connection.setRequestMethod(exchange.getRequestMethod());
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(30_000);
        for (String header : FORWARDED_REQUEST_HEADERS) {
            Optional.ofNullable(exchange.getRequestHeaders().getFirst(header))
                    .ifPresent(value -> connection.setRequestProperty(header, value));
        }
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        if (requestBody.length > 0) {
            connection.setDoOutput(true);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(requestBody);
            }
        }
        int status = connection.getResponseCode();
        boolean indexedReferrer =
                status == 201 && exchange.getRequestMethod().equals("PUT") && recordReferrer(exchange, requestBody);
        for (String header : FORWARDED_RESPONSE_HEADERS) {
            Optional.ofNullable(connection.getHeaderField(header))
                    .ifPresent(value -> exchange.getResponseHeaders().add(header, value));
        }
        byte[] body;
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            body = in == null ? new byte[0] : in.readAllBytes();
        }
        if (indexedReferrer) {
            exchange.getResponseHeaders()
                    .add(
                            "OCI-Subject",
                            json.readTree(requestBody)
                                    .path("subject")
                                    .path("digest")
                                    .asText());
        }
        boolean noBody = exchange.getRequestMethod().equals("HEAD") || body.length == 0;
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            exchange.getResponseBody().write(body);
        }
    }

    /** Records a pushed manifest with a subject as a referrer of it; whether it was one. */
    private boolean recordReferrer(HttpExchange exchange, byte[] manifest) throws IOException {
        Matcher manifestPath = MANIFEST.matcher(exchange.getRequestURI().getRawPath());
        if (!manifestPath.matches()) {
            return false;
        }
        JsonNode document = json.readTree(manifest);
        if (!document.hasNonNull("subject")) {
            return false;
        }
        ObjectNode descriptor = json.createObjectNode()
                .put("mediaType", document.path("mediaType").asText())
                .put("digest", "sha256:" + CurlPublisher.sha256(manifest))
                .put("size", manifest.length);
        if (document.hasNonNull("artifactType")) {
            descriptor.put("artifactType", document.get("artifactType").asText());
        }
        if (document.hasNonNull("annotations")) {
            descriptor.set("annotations", document.get("annotations"));
        }
        referrers
                .computeIfAbsent(
                        manifestPath.group(1) + "@"
                                + document.path("subject").path("digest").asText(),
                        key -> new CopyOnWriteArrayList<>())
                .add(descriptor);
        return true;
    }
}
