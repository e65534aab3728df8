package io.kubesolo.update.oci;

import io.kubesolo.update.retry.Retry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How to reach registries: plain HTTP allowed or not, credentials per registry, timeouts.
 *
 * @param plainHttp      talk HTTP instead of HTTPS ({@code --plain-http}, {@code plain_http=true})
 * @param credentials    the credentials for a reference's registry, if any are configured
 * @param connectTimeout bound on opening a connection
 * @param readTimeout    bound on every single read (headers or a chunk of a body)
 * @param retry          what to do about transient failures (connection refused or reset, 5xx, 429)
 */
public record RegistryAccess(
        boolean plainHttp,
        Function<Reference, Optional<Credentials>> credentials,
        Duration connectTimeout,
        Duration readTimeout,
        Retry retry) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    public RegistryAccess {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(retry, "retry");
    }

    /** Default timeouts, no retries. */
    public static RegistryAccess of(boolean plainHttp, Function<Reference, Optional<Credentials>> credentials) {
        return new RegistryAccess(plainHttp, credentials, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, Retry.none());
    }

    /** The same access with these timeouts and retries. */
    public RegistryAccess with(Duration connect, Duration read, Retry retrying) {
        return new RegistryAccess(plainHttp, credentials, connect, read, retrying);
    }

    Optional<Credentials> credentialsFor(Reference reference) {
        return credentials.apply(reference);
    }
}
