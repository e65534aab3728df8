package io.kubesolo.update.oci;

import io.kubesolo.update.proxy.ProxyRules;
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
 * @param proxies        which proxy each request goes through (the environment's, see {@link ProxyRules})
 */
public record RegistryAccess(
        boolean plainHttp,
        Function<Reference, Optional<Credentials>> credentials,
        Duration connectTimeout,
        Duration readTimeout,
        Retry retry,
        ProxyRules proxies) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    public RegistryAccess {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(proxies, "proxies");
    }

    /** Default timeouts, no retries, no proxy. */
    public static RegistryAccess of(boolean plainHttp, Function<Reference, Optional<Credentials>> credentials) {
        return new RegistryAccess(plainHttp, credentials, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, Retry.none(),
                ProxyRules.none());
    }

    /** The same access with these timeouts and retries. */
    public RegistryAccess with(Duration connect, Duration read, Retry retrying) {
        return new RegistryAccess(plainHttp, credentials, connect, read, retrying, proxies);
    }

    /** The same access through these proxies. */
    public RegistryAccess with(ProxyRules rules) {
        return new RegistryAccess(plainHttp, credentials, connectTimeout, readTimeout, retry, rules);
    }

    Optional<Credentials> credentialsFor(Reference reference) {
        return credentials.apply(reference);
    }
}
