package io.kubesolo.update.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.Closeables;
import io.kubesolo.update.http.HttpResponse;
import io.kubesolo.update.http.HttpSourceException;
import io.kubesolo.update.http.HttpTransport;
import io.kubesolo.update.http.Request;
import io.kubesolo.update.retry.RetryAfter;
import io.kubesolo.update.retry.TransientFailure;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends {@link RegistryEndpoint} steps to one registry through the agent's {@link HttpTransport}
 * (which owns connections, TLS, timeouts, redirects and transient statuses, as Jib's
 * {@code FailoverHttpClient} does) and keeps what is the registry's: authentication (anonymous or
 * basic credentials, the bearer-token challenge flow, a bounded token refresh on 401) and the
 * mapping of answers and failures to {@link OciException}s whose message names the step, as Jib's
 * {@code RegistryEndpointCaller}. Passwords and tokens never appear in a message.
 *
 * <p>Only the registry's own origin is answered when it asks for credentials: a 401 from the host
 * a redirect led to (blob storage) is refused, or that host could pick the token service the
 * device's password goes to (the class of CVE-2020-15157). The token service itself may be on
 * another host, as Docker Hub's is, but is reached over HTTPS unless the registry itself is plain
 * HTTP.
 *
 * <p>A step that fails transiently (connection refused or reset, a timeout, HTTP 408, 429, 500,
 * 502, 503, 504) is sent again through the transport's retries, honouring {@code Retry-After}; its
 * authentication starts over with it, so a token that expired while a download was broken off is
 * replaced by a fresh one. Other failures are final at once.
 *
 * <p>Not thread-safe: one caller serves one command's sequence of steps.
 */
final class RegistryCaller {

    /** Challenges answered per step: one to get a token, one more when a token was refused (expired, or for another scope). */
    private static final int MAX_AUTH_ROUNDS = 2;

    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final URI registry;
    private final Optional<Credentials> credentials;
    private final HttpTransport transport;
    private final ObjectMapper json = new ObjectMapper();
    private String authorization;

    /**
     * @param registry the registry's origin ({@code https://host:port}); only it is answered when it
     *                 asks for credentials
     */
    RegistryCaller(URI registry, Optional<Credentials> credentials, HttpTransport transport) {
        this.registry = registry;
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.transport = transport;
    }

    /** Sends the step, retrying transient failures; its result, or an {@link OciException}. */
    <T> T call(RegistryEndpoint<T> endpoint) {
        try {
            return transport.retry().run(() -> callOnce(endpoint));
        } catch (TransientFailure e) {
            throw new OciException(
                    e.causedByIo() ? OciException.Reason.UNREACHABLE : OciException.Reason.REGISTRY_ERROR,
                    e.getMessage(),
                    e);
        } catch (HttpSourceException e) {
            // Final transport failures (TLS, a bad redirect, a server too slow to answer) already name the step.
            throw new OciException(
                    e.getCause() instanceof IOException
                            ? OciException.Reason.UNREACHABLE
                            : OciException.Reason.REGISTRY_ERROR,
                    e.getMessage(),
                    e);
        }
    }

    private <T> T callOnce(RegistryEndpoint<T> endpoint) throws TransientFailure {
        for (int round = 0; ; round++) {
            HttpResponse response = exchange(endpoint, endpoint.uri(), authorization);
            if (response.status() != HttpURLConnection.HTTP_UNAUTHORIZED) {
                return finish(endpoint, response);
            }
            Optional<AuthChallenge> challenge =
                    response.header("WWW-Authenticate").flatMap(AuthChallenge::parse);
            URI challenger = response.uri();
            Closeables.closeQuietly(response);
            if (!HttpTransport.sameOrigin(challenger, registry)) {
                throw authRefused(
                        endpoint,
                        challenger.getScheme() + "://" + challenger.getRawAuthority()
                                + ", where the registry redirected to, asks for credentials; they are only sent to the"
                                + " registry itself");
            }
            if (round >= MAX_AUTH_ROUNDS) {
                throw authRefused(endpoint, "the registry keeps answering 401 Unauthorized");
            }
            authorization = answer(
                    endpoint,
                    challenge.orElseThrow(() -> authRefused(
                            endpoint, "the registry answered 401 Unauthorized without a WWW-Authenticate challenge")),
                    round);
        }
    }

    private <T> T finish(RegistryEndpoint<T> endpoint, HttpResponse response) throws TransientFailure {
        boolean handedOver = false;
        try {
            int status = response.status();
            if (status >= 200 && status < 300) {
                T result = endpoint.handle(response);
                handedOver = true;
                return result;
            }
            if (status == HttpURLConnection.HTTP_NOT_FOUND) {
                return endpoint.whenNotFound().orElseThrow(endpoint::notFound);
            }
            if (status == HttpURLConnection.HTTP_FORBIDDEN) {
                throw authRefused(endpoint, "access denied (403 Forbidden)" + registryError(response));
            }
            String message = endpoint.action() + ": the registry answered HTTP " + status + registryError(response);
            if (HttpTransport.isTransient(status)) {
                throw TransientFailure.withRetryAfter(
                        message,
                        RetryAfter.parse(
                                response.header("Retry-After").orElse(null),
                                transport.retry().clock().instant()));
            }
            throw new OciException(OciException.Reason.REGISTRY_ERROR, message);
        } catch (IOException e) {
            throw unreachable(endpoint, "connection lost while reading the answer", e);
        } finally {
            if (!handedOver) {
                Closeables.closeQuietly(response);
            }
        }
    }

    /** Authorization for the next attempt, given the challenge the registry answered with. */
    private String answer(RegistryEndpoint<?> endpoint, AuthChallenge challenge, int round) throws TransientFailure {
        if (challenge.isBasic()) {
            if (credentials.isEmpty()) {
                throw authRefused(endpoint, "the registry requires a user name and password and none are configured");
            }
            if (round > 0) {
                throw authRefused(
                        endpoint,
                        "the registry refused the credentials of user "
                                + credentials.get().username());
            }
            return credentials.get().basicAuthorization();
        }
        if (challenge.isBearer()) {
            return "Bearer " + fetchToken(endpoint, challenge);
        }
        throw authRefused(
                endpoint,
                "the registry asks for authentication scheme '" + challenge.scheme()
                        + "', which is not supported (only Basic and Bearer)");
    }

    private String fetchToken(RegistryEndpoint<?> endpoint, AuthChallenge challenge) throws TransientFailure {
        URI realm;
        try {
            realm = URI.create(challenge
                    .parameter("realm")
                    .orElseThrow(() -> authRefused(endpoint, "the registry's Bearer challenge has no realm")));
        } catch (IllegalArgumentException e) {
            throw authRefused(endpoint, "the registry's Bearer challenge has an invalid realm URL");
        }
        boolean plainRegistry = "http".equals(registry.getScheme());
        if (!"https".equals(realm.getScheme()) && !("http".equals(realm.getScheme()) && plainRegistry)) {
            throw authRefused(
                    endpoint,
                    "the token service " + realm.getHost()
                            + " is not reached over HTTPS; refusing to send credentials to it (use --plain-http to allow)");
        }
        TokenEndpoint tokenEndpoint = new TokenEndpoint(realm, challenge, endpoint.action(), json);
        HttpResponse response = exchange(
                tokenEndpoint,
                tokenEndpoint.uri(),
                credentials.map(Credentials::basicAuthorization).orElse(null));
        if (response.status() == HttpURLConnection.HTTP_UNAUTHORIZED
                || response.status() == HttpURLConnection.HTTP_FORBIDDEN) {
            Closeables.closeQuietly(response);
            throw authRefused(
                    endpoint,
                    credentials.isPresent()
                            ? "the token service refused the credentials of user "
                                    + credentials.get().username()
                            : "the token service requires credentials and none are configured");
        }
        return finish(tokenEndpoint, response);
    }

    /** One HTTP exchange through the transport, redirects followed; the step's answer is not interpreted here. */
    private HttpResponse exchange(RegistryEndpoint<?> endpoint, URI uri, String authorizationHeader)
            throws TransientFailure {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!endpoint.accept().isEmpty()) {
            headers.put("Accept", String.join(", ", endpoint.accept()));
        }
        headers.putAll(endpoint.headers());
        if (authorizationHeader != null) {
            headers.put("Authorization", authorizationHeader);
        }
        return transport.exchange(
                new Request(endpoint.method(), uri, endpoint.action(), endpoint.action(), headers, endpoint.body()));
    }

    /** The registry's own error code and message (distribution's {@code errors} array), if it sent one. */
    private String registryError(HttpResponse response) {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_ERROR_BODY);
            JsonNode errors = json.readTree(bytes).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                JsonNode first = errors.get(0);
                String text = first.path("code").asText("") + " "
                        + first.path("message").asText("");
                return " (" + text.strip().replaceAll("\\s+", " ") + ")";
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }

    private static OciException authRefused(RegistryEndpoint<?> endpoint, String why) {
        return new OciException(OciException.Reason.AUTH_REFUSED, endpoint.action() + ": " + why);
    }

    /**
     * Not reaching the registry, or losing it mid-answer, may work next time ({@link TransientFailure});
     * a TLS failure will not ({@link OciException}).
     */
    private static TransientFailure unreachable(RegistryEndpoint<?> endpoint, String what, IOException e) {
        String message = endpoint.action() + ": " + what + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage());
        if (!TransientFailure.mayPass(e)) {
            throw new OciException(OciException.Reason.UNREACHABLE, message, e);
        }
        return TransientFailure.of(message, e);
    }

    /** The token request of the bearer flow (distribution "token authentication specification"). */
    private static final class TokenEndpoint implements RegistryEndpoint<String> {

        private static final int MAX_TOKEN_RESPONSE = 1024 * 1024;

        private final URI uri;
        private final String action;
        private final ObjectMapper json;

        TokenEndpoint(URI realm, AuthChallenge challenge, String stepAction, ObjectMapper json) {
            StringBuilder query = new StringBuilder();
            challenge.parameter("service").ifPresent(service -> append(query, "service", service));
            challenge.parameter("scope").ifPresent(scope -> append(query, "scope", scope));
            String separator = realm.getRawQuery() == null ? "?" : "&";
            this.uri = URI.create(realm + (query.length() == 0 ? "" : separator + query));
            this.action = stepAction + ": get a token from " + realm.getHost();
            this.json = json;
        }

        private static void append(StringBuilder query, String name, String value) {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(name).append('=').append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
        }

        @Override
        public URI uri() {
            return uri;
        }

        @Override
        public String action() {
            return action;
        }

        @Override
        public String handle(HttpResponse response) throws IOException {
            byte[] bytes;
            try (InputStream in = response.body()) {
                bytes = in.readNBytes(MAX_TOKEN_RESPONSE);
            }
            JsonNode answer;
            try {
                answer = json.readTree(bytes);
            } catch (IOException e) {
                throw new OciException(OciException.Reason.AUTH_REFUSED, action + ": the answer is not JSON");
            }
            String token = answer == null
                    ? ""
                    : answer.path("token").asText(answer.path("access_token").asText(""));
            if (token.isEmpty()) {
                throw new OciException(OciException.Reason.AUTH_REFUSED, action + ": the answer has no token");
            }
            return token;
        }
    }
}
