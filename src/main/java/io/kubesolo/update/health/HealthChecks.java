package io.kubesolo.update.health;

import io.kubesolo.update.fs.DeviceRoot;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The standard health checks of spec §9, built from the settings, in the order they run. */
public final class HealthChecks {

    /** Every check's name, in the order {@link #standard} runs them. */
    public static final List<String> NAMES = List.of(
            ContainerdCheck.NAME,
            ApiServerCheck.NAME,
            NodeReadyCheck.NAME,
            KubeSystemPodsCheck.NAME,
            HttpUrlCheck.NAME,
            DataPartitionCheck.NAME);

    /** The data directory on KubeSolo's data partition (spec §1). */
    public static final String DATA_DIRECTORY = "/var/lib/kubesolo";

    private final HealthSettings settings;
    private final DeviceRoot root;
    private final Clock clock;
    private KubernetesApi api;

    private HealthChecks(HealthSettings settings, DeviceRoot root, Clock clock) {
        this.settings = settings;
        this.root = root;
        this.clock = clock;
    }

    /**
     * The checks in the order of {@link #NAMES}. A check not listed in {@code health_checks} is
     * SKIPPED "disabled in update.conf"; the Kubernetes checks are SKIPPED when {@code kubeconfig=none}
     * and FAILED when the kubeconfig or token cannot be read; the URL check is SKIPPED without a
     * {@code healthcheck_url}. Nothing is contacted until a check runs.
     */
    public static List<HealthCheck> standard(HealthSettings settings, DeviceRoot root, Clock clock) {
        HealthChecks factory = new HealthChecks(settings, root, clock);
        List<HealthCheck> checks = new ArrayList<>();
        for (String name : NAMES) {
            checks.add(
                    settings.enabled(name)
                            ? factory.build(name)
                            : PresetCheck.skipped(name, "disabled in update.conf"));
        }
        return checks;
    }

    private HealthCheck build(String name) {
        return switch (name) {
            case ContainerdCheck.NAME -> new ContainerdCheck(root.resolve(settings.containerdSocket()));
            case ApiServerCheck.NAME -> kubernetes(name, ApiServerCheck::new);
            case NodeReadyCheck.NAME ->
                kubernetes(
                        name, api -> new NodeReadyCheck(api, settings.nodeName().orElseGet(() -> HostName.of(root))));
            case KubeSystemPodsCheck.NAME -> kubernetes(name, api -> new KubeSystemPodsCheck(api, clock));
            case HttpUrlCheck.NAME ->
                settings.healthcheckUrl()
                        .<HealthCheck>map(url -> new HttpUrlCheck(plainClient(), url, settings.timeout()))
                        .orElse(PresetCheck.skipped(name, "no healthcheck_url in update.conf"));
            case DataPartitionCheck.NAME -> new DataPartitionCheck(root.resolve(DATA_DIRECTORY));
            default -> throw new IllegalArgumentException("no health check named " + name);
        };
    }

    private HealthCheck kubernetes(String name, Function<KubernetesApi, HealthCheck> make) {
        if (!settings.kubernetesConfigured()) {
            return PresetCheck.skipped(name, "Kubernetes access not configured (kubeconfig=none in update.conf)");
        }
        try {
            return make.apply(api());
        } catch (HealthException e) {
            return PresetCheck.failed(name, e.getMessage());
        }
    }

    /** One API client for the three Kubernetes checks, from api_server or else the kubeconfig. */
    private KubernetesApi api() {
        if (api == null) {
            api = KubernetesApi.configured(settings, root);
        }
        return api;
    }

    private HttpClient plainClient() {
        return HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }
}
