package io.kubesolo.update.health;

import io.kubesolo.update.config.ConfKey;
import io.kubesolo.update.config.ConfigException;
import io.kubesolo.update.config.UpdateConf;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the health checks are configured with, from update.conf (docs/health.md lists each key).
 * Device paths are as written in the file; {@link HealthChecks} resolves them under the device root.
 *
 * @param healthcheckUrl   {@code healthcheck_url}: an operator endpoint that must answer 200; empty skips that check
 * @param timeout          {@code healthcheck_timeout}: the bound on each check, default {@link #DEFAULT_TIMEOUT}
 * @param kubeconfig       {@code kubeconfig}: default {@link #DEFAULT_KUBECONFIG}; empty when {@code kubeconfig=none},
 *                         which skips the Kubernetes checks
 * @param apiServer        {@code api_server}: when set, the API server is reached at this URL instead of through the kubeconfig
 * @param apiTokenFile     {@code api_token_file}: the bearer token for {@code api_server}
 * @param nodeName         {@code node_name}: the node whose Ready condition is checked; default the host name
 * @param containerdSocket {@code containerd_socket}: default {@link #DEFAULT_CONTAINERD_SOCKET}
 * @param enabledChecks    {@code health_checks}: the names of the checks to run, default all of {@link HealthChecks#NAMES}
 */
public record HealthSettings(
        Optional<URI> healthcheckUrl,
        Duration timeout,
        Optional<String> kubeconfig,
        Optional<URI> apiServer,
        Optional<String> apiTokenFile,
        Optional<String> nodeName,
        String containerdSocket,
        Set<String> enabledChecks) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Where KubeSolo writes its admin kubeconfig (its data directory is /var/lib/kubesolo). */
    public static final String DEFAULT_KUBECONFIG = "/var/lib/kubesolo/pki/admin/admin.kubeconfig";
    /** KubeSolo links its containerd's socket here once containerd answers. */
    public static final String DEFAULT_CONTAINERD_SOCKET = "/run/containerd/containerd.sock";
    /** The value of {@code kubeconfig} that turns the Kubernetes checks off. */
    public static final String NO_KUBECONFIG = "none";

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)?");

    public HealthSettings {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new ConfigException("healthcheck_timeout must be positive, not " + timeout);
        }
        enabledChecks = Set.copyOf(enabledChecks);
    }

    /** Reads the settings from update.conf, with the defaults above for the keys it does not set. */
    public static HealthSettings from(UpdateConf conf) {
        Optional<String> kubeconfig = conf.get(ConfKey.KUBECONFIG)
                .or(() -> Optional.of(DEFAULT_KUBECONFIG))
                .filter(value -> !value.equalsIgnoreCase(NO_KUBECONFIG));
        return new HealthSettings(
                conf.get(ConfKey.HEALTHCHECK_URL).map(value -> url(ConfKey.HEALTHCHECK_URL, value)),
                conf.get(ConfKey.HEALTHCHECK_TIMEOUT)
                        .map(HealthSettings::duration)
                        .orElse(DEFAULT_TIMEOUT),
                kubeconfig,
                conf.get(ConfKey.API_SERVER).map(value -> url(ConfKey.API_SERVER, value)),
                conf.get(ConfKey.API_TOKEN_FILE),
                conf.get(ConfKey.NODE_NAME),
                conf.get(ConfKey.CONTAINERD_SOCKET).orElse(DEFAULT_CONTAINERD_SOCKET),
                conf.get(ConfKey.HEALTH_CHECKS).map(HealthSettings::checks).orElse(Set.copyOf(HealthChecks.NAMES)));
    }

    /** Whether the three Kubernetes checks have anything to talk to. */
    public boolean kubernetesConfigured() {
        return apiServer.isPresent() || kubeconfig.isPresent();
    }

    public boolean enabled(String check) {
        return enabledChecks.contains(check);
    }

    /** {@code 10s}, {@code 500ms}, {@code 2m}, or a bare number of seconds. */
    static Duration duration(String text) {
        Matcher matcher = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new ConfigException(
                    "update.conf: healthcheck_timeout=" + text + " is not a duration; write e.g. 10s, 500ms or 2m");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private static URI url(ConfKey key, String text) {
        try {
            URI uri = new URI(text);
            if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException("update.conf: " + key + "=" + text + " is not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException("update.conf: " + key + "=" + text + " is not a URL: " + e.getReason(), e);
        }
    }

    private static Set<String> checks(String text) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : text.split(",", -1)) {
            String trimmed = name.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!HealthChecks.NAMES.contains(trimmed)) {
                throw new ConfigException("update.conf: health_checks names unknown check '" + trimmed + "'; known: "
                        + String.join(", ", HealthChecks.NAMES));
            }
            names.add(trimmed);
        }
        return names;
    }
}
