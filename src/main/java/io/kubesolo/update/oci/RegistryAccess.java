package io.kubesolo.update.oci;

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
 */
public record RegistryAccess(
        boolean plainHttp,
        Function<Reference, Optional<Credentials>> credentials,
        Duration connectTimeout,
        Duration readTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    public RegistryAccess {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
    }

    public static RegistryAccess of(boolean plainHttp, Function<Reference, Optional<Credentials>> credentials) {
        return new RegistryAccess(plainHttp, credentials, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    Optional<Credentials> credentialsFor(Reference reference) {
        return credentials.apply(reference);
    }
}
