package io.kubesolo.update.proxy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which proxy a request goes through, from the environment as curl, wget and Go read it:
 * {@code https_proxy} for https URLs, {@code http_proxy} for http URLs, {@code no_proxy} for the
 * hosts reached directly ({@link NoProxy}). Each variable is read lower-case first, then
 * upper-case ({@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code NO_PROXY}); an empty one is unset.
 * Both update sources and every registry step (token service, blob storage redirects) use the one
 * set of rules built for a run.
 *
 * <p>A proxy is {@code http://host[:port]} (port 80 by default) or {@code host:port}. The agent
 * speaks to it in plain HTTP: absolute-form requests for http URLs, a {@code CONNECT} tunnel for
 * https URLs (TLS is end to end, the proxy sees only the host name). Proxies reached over TLS
 * ({@code https://}), SOCKS, and credentials in the proxy URL are refused with a usage error
 * rather than ignored.
 */
public final class ProxyRules {

    private final Optional<InetSocketAddress> httpProxy;
    private final Optional<InetSocketAddress> httpsProxy;
    private final NoProxy noProxy;

    private ProxyRules(Optional<InetSocketAddress> httpProxy, Optional<InetSocketAddress> httpsProxy, NoProxy noProxy) {
        this.httpProxy = httpProxy;
        this.httpsProxy = httpsProxy;
        this.noProxy = noProxy;
    }

    /** Every request goes directly. */
    public static ProxyRules none() {
        return new ProxyRules(Optional.empty(), Optional.empty(), NoProxy.none());
    }

    /**
     * Reads the proxy variables of {@code environment} (the process's, {@code System.getenv()}).
     *
     * @throws ProxyException (USAGE) when a proxy variable is set to something that is not a usable proxy
     */
    public static ProxyRules fromEnvironment(Map<String, String> environment) {
        return new ProxyRules(
                variable(environment, "http_proxy").map(named -> address(named.value(), named.name())),
                variable(environment, "https_proxy").map(named -> address(named.value(), named.name())),
                variable(environment, "no_proxy")
                        .map(named -> NoProxy.parse(named.value(), named.name()))
                        .orElse(NoProxy.none()));
    }

    /** Whether any request may go through a proxy. */
    public boolean isConfigured() {
        return httpProxy.isPresent() || httpsProxy.isPresent();
    }

    /** The HTTP proxy for {@code uri} (unresolved), or empty for a direct connection. */
    public Optional<InetSocketAddress> proxyFor(URI uri) {
        Optional<InetSocketAddress> proxy = "https".equalsIgnoreCase(uri.getScheme()) ? httpsProxy : httpProxy;
        if (proxy.isEmpty() || uri.getHost() == null || noProxy.matches(uri)) {
            return Optional.empty();
        }
        return proxy;
    }

    /** For a log line: "http via 10.0.0.1:3128, https via 10.0.0.1:3128, direct for .local". */
    @Override
    public String toString() {
        return "http "
                + httpProxy.map(ProxyRules::hostPort).map(p -> "via " + p).orElse("direct")
                + ", https "
                + httpsProxy.map(ProxyRules::hostPort).map(p -> "via " + p).orElse("direct")
                + (noProxy.describe().isEmpty() ? "" : ", direct for " + noProxy.describe());
    }

    private record Named(String name, String value) {}

    private static Optional<Named> variable(Map<String, String> environment, String lowerCase) {
        for (String name : new String[] {lowerCase, lowerCase.toUpperCase(Locale.ROOT)}) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(new Named(name, value.strip()));
            }
        }
        return Optional.empty();
    }

    private static InetSocketAddress address(String text, String variable) {
        String withScheme = text.contains("://") ? text : "http://" + text;
        URI uri;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            throw new ProxyException(variable + " '" + text + "' is not a proxy URL (expected http://host:port)");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new ProxyException(
                    variable + " '" + text + "' uses scheme " + uri.getScheme()
                            + "; only http:// proxies are supported (https URLs still reach the server over TLS, through CONNECT)");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ProxyException(
                    variable + " names a proxy with credentials; proxy authentication is not supported");
        }
        if (uri.getHost() == null) {
            throw new ProxyException(variable + " '" + text + "' is not a proxy URL (expected http://host:port)");
        }
        return InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort() == -1 ? 80 : uri.getPort());
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
