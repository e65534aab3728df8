package io.kubesolo.update.oci;

import io.kubesolo.update.http.HttpTransport;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How to reach registries: plain HTTP allowed or not, credentials per registry, and the HTTP
 * transport (timeouts, retries, proxies, TLS trust) every request goes through.
 *
 * @param plainHttp   talk HTTP instead of HTTPS ({@code --plain-http}, {@code plain_http=true})
 * @param credentials the credentials for a reference's registry, if any are configured
 * @param transport   the agent's one HTTP transport
 */
public record RegistryAccess(
        boolean plainHttp, Function<Reference, Optional<Credentials>> credentials, HttpTransport transport) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    static final String USER_AGENT = "kubesolo-update";

    public RegistryAccess {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(transport, "transport");
    }

    /** Default timeouts, no retries, no proxy, the system's certificate authorities. */
    public static RegistryAccess of(boolean plainHttp, Function<Reference, Optional<Credentials>> credentials) {
        return new RegistryAccess(
                plainHttp, credentials, new HttpTransport(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, USER_AGENT));
    }

    /** The same access through this transport. */
    public RegistryAccess with(HttpTransport other) {
        return new RegistryAccess(plainHttp, credentials, other);
    }

    Optional<Credentials> credentialsFor(Reference reference) {
        return credentials.apply(reference);
    }
}
