package io.kubesolo.update.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.proxy.ProxyRules;
import io.kubesolo.update.retry.Retry;
import io.kubesolo.update.retry.RetryAfter;
import io.kubesolo.update.retry.TransientFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends {@link RegistryEndpoint} steps to one registry and owns everything around them: the
 * transport, authentication (anonymous or basic credentials, the bearer-token challenge flow,
 * a bounded token refresh on 401), redirects (dropping {@code Authorization} when they leave the
 * registry's host, as blob downloads to storage do) and the mapping of failures to
 * {@link OciException}s whose message names the step. Passwords and tokens never appear in a
 * message.
 *
 * <p>A step that fails transiently (connection refused or reset, a timeout, HTTP 408, 429, 500,
 * 502, 503, 504) is sent again through the {@link Retry}, honouring {@code Retry-After}; its
 * authentication starts over with it, so a token that expired while a download was broken off is
 * replaced by a fresh one. Other failures are final at once.
 *
 * <p>The transport is {@link HttpURLConnection}: measured streaming a 1 GiB blob from the local
 * registry through SHA-256 to a file, it was about 1.5–2x faster than {@code java.net.http}'s
 * {@code ofInputStream} (≈290–450 MiB/s against ≈200 MiB/s on loopback), and its read timeout
 * bounds every read of a body, where {@code java.net.http} bounds only the wait for headers.
 *
 * <p>Not thread-safe: one caller serves one command's sequence of steps.
 */
final class RegistryCaller {

    /** Challenges answered per step: one to get a token, one more when a token was refused (expired, or for another scope). */
    private static final int MAX_AUTH_ROUNDS = 2;
    /** Blob downloads redirect once to storage; five is what browsers and OkHttp consider generous. */
    private static final int MAX_REDIRECTS = 5;
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final boolean plainHttp;
    private final Optional<Credentials> credentials;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Retry retry;
    private final ProxyRules proxies;
    private final ObjectMapper json = new ObjectMapper();
    private String authorization;

    RegistryCaller(boolean plainHttp, Optional<Credentials> credentials, Duration connectTimeout, Duration readTimeout,
            Retry retry, ProxyRules proxies) {
        this.plainHttp = plainHttp;
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.retry = retry;
        this.proxies = proxies;
    }

    /** Sends the step, retrying transient failures; its result, or an {@link OciException}. */
    <T> T call(RegistryEndpoint<T> endpoint) {
        try {
            return retry.run(() -> callOnce(endpoint));
        } catch (TransientFailure e) {
            throw new OciException(e.causedByIo() ? OciException.Reason.UNREACHABLE : OciException.Reason.REGISTRY_ERROR,
                    e.getMessage(), e);
        }
    }

    private <T> T callOnce(RegistryEndpoint<T> endpoint) throws TransientFailure {
        for (int round = 0; ; round++) {
            RegistryResponse response = exchange(endpoint, authorization);
            if (response.status() != HttpURLConnection.HTTP_UNAUTHORIZED) {
                return finish(endpoint, response);
            }
            Optional<AuthChallenge> challenge = response.header("WWW-Authenticate").flatMap(AuthChallenge::parse);
            closeQuietly(response);
            if (round >= MAX_AUTH_ROUNDS) {
                throw authRefused(endpoint, "the registry keeps answering 401 Unauthorized");
            }
            authorization = answer(endpoint, challenge.orElseThrow(() -> authRefused(endpoint,
                    "the registry answered 401 Unauthorized without a WWW-Authenticate challenge")), round);
        }
    }

    private <T> T finish(RegistryEndpoint<T> endpoint, RegistryResponse response) throws TransientFailure {
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
            if (isTransient(status)) {
                throw TransientFailure.withRetryAfter(message,
                        RetryAfter.parse(response.header("Retry-After").orElse(null), retry.clock().instant()));
            }
            throw new OciException(OciException.Reason.REGISTRY_ERROR, message);
        } catch (IOException e) {
            throw unreachable(endpoint, "connection lost while reading the answer", e);
        } finally {
            if (!handedOver) {
                closeQuietly(response);
            }
        }
    }

    /** Statuses that say "not now" rather than "no": timeout, too many requests, server errors. */
    private static boolean isTransient(int status) {
        return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /** Authorization for the next attempt, given the challenge the registry answered with. */
    private String answer(RegistryEndpoint<?> endpoint, AuthChallenge challenge, int round) throws TransientFailure {
        if (challenge.isBasic()) {
            if (credentials.isEmpty()) {
                throw authRefused(endpoint, "the registry requires a user name and password and none are configured");
            }
            if (round > 0) {
                throw authRefused(endpoint, "the registry refused the credentials of user " + credentials.get().username());
            }
            return credentials.get().basicAuthorization();
        }
        if (challenge.isBearer()) {
            return "Bearer " + fetchToken(endpoint, challenge);
        }
        throw authRefused(endpoint, "the registry asks for authentication scheme '" + challenge.scheme()
                + "', which is not supported (only Basic and Bearer)");
    }

    private String fetchToken(RegistryEndpoint<?> endpoint, AuthChallenge challenge) throws TransientFailure {
        URI realm;
        try {
            realm = URI.create(challenge.parameter("realm").orElseThrow(() -> authRefused(endpoint,
                    "the registry's Bearer challenge has no realm")));
        } catch (IllegalArgumentException e) {
            throw authRefused(endpoint, "the registry's Bearer challenge has an invalid realm URL");
        }
        if (!"https".equals(realm.getScheme()) && !("http".equals(realm.getScheme()) && plainHttp)) {
            throw authRefused(endpoint, "the token service " + realm.getHost()
                    + " is not reached over HTTPS; refusing to send credentials to it (use --plain-http to allow)");
        }
        TokenEndpoint tokenEndpoint = new TokenEndpoint(realm, challenge, endpoint.action(), json);
        RegistryResponse response = exchange(tokenEndpoint,
                credentials.map(Credentials::basicAuthorization).orElse(null));
        if (response.status() == HttpURLConnection.HTTP_UNAUTHORIZED
                || response.status() == HttpURLConnection.HTTP_FORBIDDEN) {
            closeQuietly(response);
            throw authRefused(endpoint, credentials.isPresent()
                    ? "the token service refused the credentials of user " + credentials.get().username()
                    : "the token service requires credentials and none are configured");
        }
        return finish(tokenEndpoint, response);
    }

    /** One HTTP exchange, following redirects; the step's answer is not interpreted here. */
    private RegistryResponse exchange(RegistryEndpoint<?> endpoint, String authorizationHeader) throws TransientFailure {
        URI uri = endpoint.uri();
        String sentAuthorization = authorizationHeader;
        for (int redirects = 0; ; redirects++) {
            RegistryResponse response = send(endpoint, uri, sentAuthorization);
            int status = response.status();
            boolean redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
            if (!redirect) {
                return response;
            }
            Optional<String> location = response.header("Location");
            closeQuietly(response);
            if (location.isEmpty() || redirects >= MAX_REDIRECTS) {
                throw new OciException(OciException.Reason.REGISTRY_ERROR, endpoint.action()
                        + (location.isEmpty() ? ": redirect without a Location" : ": more than " + MAX_REDIRECTS + " redirects"));
            }
            URI next = uri.resolve(location.get());
            if ("http".equals(next.getScheme()) && !"http".equals(uri.getScheme()) && !plainHttp) {
                throw new OciException(OciException.Reason.REGISTRY_ERROR, endpoint.action()
                        + ": the registry redirected to plain HTTP (" + next.getHost() + "); refusing without --plain-http");
            }
            if (!sameOrigin(uri, next)) {
                sentAuthorization = null;
            }
            uri = next;
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost())
                && a.getPort() == b.getPort();
    }

    private RegistryResponse send(RegistryEndpoint<?> endpoint, URI uri, String authorizationHeader)
            throws TransientFailure {
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection(proxies.proxyFor(uri));
        } catch (IOException e) {
            throw unreachable(endpoint, "cannot open " + uri.getScheme() + "://" + uri.getAuthority(), e);
        }
        try {
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setConnectTimeout((int) connectTimeout.toMillis());
            connection.setReadTimeout((int) readTimeout.toMillis());
            connection.setRequestMethod(endpoint.method());
            if (!endpoint.accept().isEmpty()) {
                connection.setRequestProperty("Accept", String.join(", ", endpoint.accept()));
            }
            endpoint.headers().forEach(connection::setRequestProperty);
            if (authorizationHeader != null) {
                connection.setRequestProperty("Authorization", authorizationHeader);
            }
            Optional<RequestBody> body = endpoint.body();
            if (body.isPresent()) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", body.get().contentType());
                connection.setFixedLengthStreamingMode(body.get().length());
                try (InputStream in = body.get().content().open(); OutputStream out = connection.getOutputStream()) {
                    in.transferTo(out);
                }
            }
            return new RegistryResponse(connection, connection.getResponseCode());
        } catch (IOException e) {
            connection.disconnect();
            throw unreachable(endpoint, "cannot reach " + uri.getScheme() + "://" + uri.getAuthority(), e);
        }
    }

    /** The registry's own error code and message (distribution's {@code errors} array), if it sent one. */
    private String registryError(RegistryResponse response) {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_ERROR_BODY);
            JsonNode errors = json.readTree(bytes).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                JsonNode first = errors.get(0);
                String text = first.path("code").asText("") + " " + first.path("message").asText("");
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

    private static void closeQuietly(RegistryResponse response) {
        try {
            response.close();
        } catch (IOException e) {
            // The answer was already read or is being discarded; a failed close changes nothing.
        }
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
        public String method() {
            return "GET";
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
        public String handle(RegistryResponse response) throws IOException {
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
            String token = answer == null ? "" : answer.path("token").asText(answer.path("access_token").asText(""));
            if (token.isEmpty()) {
                throw new OciException(OciException.Reason.AUTH_REFUSED, action + ": the answer has no token");
            }
            return token;
        }
    }
}
