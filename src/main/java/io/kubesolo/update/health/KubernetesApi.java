package io.kubesolo.update.health;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.fs.DeviceRoot;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A read-only client of one Kubernetes API server, enough for the health checks: {@code GET} a path,
 * get its status and (size-capped) body, or its JSON. One {@link HttpClient}, built once for the
 * server's TLS settings, serves every request; each request is bounded by the timeout.
 */
public final class KubernetesApi {

    /** A kube-system pod list on a single node is tens of KiB; a cap keeps a confused server from filling the heap. */
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    /** A status and body as the server sent them. */
    public record Response(int status, String body) {}

    private final HttpClient http;
    private final KubernetesAccess access;
    private final Duration timeout;
    private final ObjectMapper json;

    public KubernetesApi(HttpClient http, KubernetesAccess access, Duration timeout, ObjectMapper json) {
        this.http = http;
        this.access = access;
        this.timeout = timeout;
        this.json = json;
    }

    /** Builds the one client for {@code access}: its TLS context, the connect timeout, HTTP/1.1. */
    public static KubernetesApi connect(KubernetesAccess access, Duration timeout, ObjectMapper json) {
        HttpClient http = HttpClient.newBuilder()
                .sslContext(access.sslContext())
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new KubernetesApi(http, access, timeout, json);
    }

    /**
     * A client as update.conf configures it: {@code api_server} (+ {@code api_token_file}), else
     * the kubeconfig, paths under the device root. Throws HealthException when that access cannot be
     * read; the caller checks {@link HealthSettings#kubernetesConfigured()} first.
     */
    public static KubernetesApi configured(HealthSettings settings, DeviceRoot root) {
        KubernetesAccess access = settings.apiServer().isPresent()
                ? KubernetesAccess.ofServer(
                        settings.apiServer().get(), settings.apiTokenFile().map(root::resolve))
                : Kubeconfig.load(root.resolve(settings.kubeconfig().orElseThrow()), root);
        return connect(access, settings.timeout(), new ObjectMapper());
    }

    public URI server() {
        return access.server();
    }

    /** {@code GET path}; a status other than 200 is returned, not thrown. */
    public Response get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET();
        access.bearerToken().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new HealthException("GET " + resolve(path) + " failed: " + CheckResult.describe(e), e);
        }
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new HealthException("GET " + resolve(path) + " answered more than " + MAX_BODY_BYTES + " bytes");
            }
            return new Response(response.statusCode(), new String(bytes, StandardCharsets.UTF_8));
        }
    }

    /**
     * {@code GET path} and parse its JSON. A status other than 200 fails with the message of the
     * Kubernetes {@code Status} object the server answers errors with, when there is one.
     */
    public JsonNode getJson(String path) throws IOException, InterruptedException {
        Response response = get(path);
        if (response.status() != 200) {
            throw new HealthException(
                    "GET " + path + " answered " + response.status() + ": " + errorMessage(response.body()));
        }
        try {
            return json.readTree(response.body());
        } catch (JacksonException e) {
            throw new HealthException(
                    "GET " + path + " answered something that is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private String errorMessage(String body) {
        try {
            JsonNode status = json.readTree(body);
            if (status != null && status.hasNonNull("message")) {
                return status.get("message").asText();
            }
        } catch (JacksonException e) {
            // Not a Status object (a proxy's HTML page, plain text): show the text itself.
        }
        return firstLine(body);
    }

    /** The first line of a text, shortened: enough to say what a server complained about on one line. */
    static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("(empty body)");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private URI resolve(String path) {
        String base = access.server().toString();
        return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
    }
}
