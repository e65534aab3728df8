package io.kubesolo.update.cli;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;
import io.kubesolo.update.UpdateSource;
import io.kubesolo.update.attempt.Splay;
import io.kubesolo.update.attempt.SplayedSource;
import io.kubesolo.update.cache.FetchCache;
import io.kubesolo.update.config.ConfKey;
import io.kubesolo.update.config.Setting;
import io.kubesolo.update.config.UpdateConf;
import io.kubesolo.update.fs.DeviceRoot;
import io.kubesolo.update.health.HealthSettings;
import io.kubesolo.update.health.KubernetesNodeLabels;
import io.kubesolo.update.http.HttpSource;
import io.kubesolo.update.http.HttpTransport;
import io.kubesolo.update.oci.ContentStore;
import io.kubesolo.update.oci.ContentStores;
import io.kubesolo.update.oci.OciSource;
import io.kubesolo.update.policy.GateChain;
import io.kubesolo.update.policy.GateSettings;
import io.kubesolo.update.policy.MachineArchitecture;
import io.kubesolo.update.policy.MachineId;
import io.kubesolo.update.policy.MaintenanceWindowGate;
import io.kubesolo.update.policy.NodeLabels;
import io.kubesolo.update.policy.PendingActivationGate;
import io.kubesolo.update.policy.PreflightGate;
import io.kubesolo.update.policy.SlotSpace;
import io.kubesolo.update.policy.Version;
import io.kubesolo.update.proxy.ProxyRules;
import io.kubesolo.update.retry.Deadline;
import io.kubesolo.update.retry.Retry;
import io.kubesolo.update.retry.Sleeper;
import io.kubesolo.update.slot.Slots;
import io.kubesolo.update.state.StateStore;
import io.kubesolo.update.tls.TlsContexts;
import io.kubesolo.update.tls.TrustSources;
import io.kubesolo.update.verify.TrustedKeys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

/**
 * Builds, once per run of {@code check} or {@code apply}, the objects they are made of, from the
 * flags, update.conf (flag > update.conf > default) and the device: the source, the trusted keys,
 * the gates, the slots, the state store.
 */
final class UpdateWiring {

    final DeviceRoot root;
    final UpdateConf conf;
    final Clock clock;
    final Slots slots;
    final Optional<String> running;
    final StateStore store;
    final TrustedKeys trustedKeys;
    final NetworkOptions.Network network;
    final Retry retry;
    /** Bounds staging the release, retries included, and every read of this run's transport ({@code --download-timeout}). */
    final Deadline deadline;

    final UpdateSource source;
    private MachineId machineId;
    private final PolicyOptions policy;
    private final PrintWriter warnings;
    private final ProxyRules proxies;
    private final FetchCache fetchCache;
    /** The one HTTP transport of this run, whichever source it serves. */
    private final HttpTransport transport;

    /**
     * @param environment the process's environment, for the proxy variables ({@link ProxyRules})
     * @param warnings    where warnings are reported, one line each (stderr)
     * @param info        where retries, proxies and the splay are reported (stderr, or nowhere with --quiet)
     */
    UpdateWiring(
            DeviceOptions deviceOptions,
            SourceOptions sourceOptions,
            RegistryAccessOptions registryAccess,
            PolicyOptions policy,
            NetworkOptions networkOptions,
            Map<String, String> environment,
            Clock clock,
            PrintWriter warnings,
            PrintWriter info) {
        Device device = Device.open(deviceOptions, warnings);
        this.root = device.root();
        this.conf = device.conf();
        this.clock = clock;
        this.policy = policy;
        this.warnings = warnings;
        this.network = networkOptions.resolve(conf);
        this.retry = new Retry(network.retryPolicy(), Sleeper.threadSleep(), clock, new Random(), line -> {
            info.println(line);
            info.flush();
        });
        this.slots = device.slots();
        this.running = slots.inspect(slots.active()).version();
        this.store = device.stateStore();
        this.trustedKeys = TrustSettings.from(policy.pubkeys, conf).load(root);
        this.fetchCache = FetchCache.nextTo(store.file(), message -> Log.warn(warnings, message));
        this.proxies = ProxyRules.fromEnvironment(environment);
        if (proxies.isConfigured()) {
            Log.info(info, "proxies from the environment: " + proxies);
        }
        this.deadline = Deadline.after(network.downloadTimeout(), clock);
        this.transport = new HttpTransport(
                        network.connectTimeout(),
                        network.readTimeout(),
                        "kubesolo-update/" + VersionProvider.version(),
                        retry,
                        proxies,
                        tls())
                .until(deadline);
        UpdateSource unsplayed = source(sourceOptions, registryAccess);
        Splay splay = policy.force
                ? Splay.none()
                : new Splay(network.splay(), new Random(), Sleeper.threadSleep(), line -> Log.info(info, line));
        this.source = new SplayedSource(unsplayed, splay);
    }

    private UpdateSource source(SourceOptions options, RegistryAccessOptions registryAccess) {
        if (options.namesRegistry()
                || (options.server == null
                        && conf.get(ConfKey.SERVER).isEmpty()
                        && conf.get(ConfKey.REGISTRY).isPresent())) {
            return ociSource(options, registryAccess);
        }
        String url = Setting.of(options.server, conf, ConfKey.SERVER)
                .orElseThrow(() -> new UpdateException(
                        Outcome.USAGE,
                        "no update source: give --server URL (or --registry HOST/PATH --tag TAG), or set server= in "
                                + conf.source().map(Path::toString).orElse("update.conf")));
        return new HttpSource(
                HttpSource.parseServer(url),
                transport,
                trustedKeys,
                fetchCache,
                warning -> Log.warn(warnings, warning));
    }

    /**
     * The OCI source (spec §6): {@code --registry} and {@code --tag}, else update.conf's
     * {@code registry} and {@code tag}; an {@code oci-layout:DIR} registry resolves under {@code --root}.
     */
    private UpdateSource ociSource(SourceOptions flags, RegistryAccessOptions registryAccess) {
        String registry = Setting.of(flags.registry, conf, ConfKey.REGISTRY)
                .orElseThrow(() -> new UpdateException(
                        Outcome.USAGE,
                        "--tag " + flags.tag + " needs a registry: give --registry HOST/PATH," + " or set registry= in "
                                + conf.source().map(Path::toString).orElse("update.conf")));
        String tag = Setting.of(flags.tag, conf, ConfKey.TAG)
                .orElseThrow(() -> new UpdateException(
                        Outcome.USAGE,
                        "no release tag for registry " + registry + ": give --tag TAG, or set tag= in "
                                + conf.source().map(Path::toString).orElse("update.conf")));
        ContentStore store = ContentStores.open(
                registry,
                root::resolve,
                registryAccess.forDevice(conf, root::resolve).with(transport));
        // A layout directory is local: reading its manifests costs less than keeping copies of them.
        return new OciSource(
                store,
                tag,
                architecture(),
                trustedKeys,
                registry.startsWith(ContentStores.LAYOUT_PREFIX) ? FetchCache.disabled() : fetchCache,
                warning -> Log.warn(warnings, warning));
    }

    /**
     * TLS trust: the running OS's CA bundle (not under {@code --root}: it is what curl on this
     * machine trusts), and the device's {@code ca_bundle} and certs.d directories,
     * which are configuration and resolve under {@code --root} like every configured path.
     */
    private TlsContexts tls() {
        return TlsContexts.of(new TrustSources(
                TrustSources.findSystemBundle(),
                network.caBundle().map(root::resolve),
                TrustSources.CERTS_DIRS.stream().map(root::resolve).toList()));
    }

    /** This machine's architecture: update.conf {@code architecture} (for tests and odd platforms) or the JVM's. */
    private String architecture() {
        return Setting.of(null, conf, ConfKey.ARCHITECTURE, MachineArchitecture.ofThisMachine());
    }

    /** This machine's id, read (and a missing one warned about) once, when a phased rollout needs it. */
    MachineId machineId() {
        if (machineId == null) {
            machineId = MachineId.of(root, message -> Log.warn(warnings, message));
        }
        return machineId;
    }

    /** The gates that run before any network request. */
    List<PreflightGate> preflight() {
        return List.of(
                new PendingActivationGate(store.read().phase()),
                new MaintenanceWindowGate(policy.window(conf), clock, policy.force));
    }

    /** The release gates, given the passive slot's space. */
    Function<SlotSpace, GateChain> gates() {
        Optional<Version> runningVersion =
                running.map(text -> Version.parse(text, "the version file of the active slot " + slots.active()));
        GateSettings settings = new GateSettings(
                Setting.of(policy.channel, conf, ConfKey.CHANNEL),
                architecture(),
                runningVersion,
                policy.force,
                policy.allowDowngrade,
                policy.reinstall,
                policy.allowExpired,
                this::machineId,
                policy.ignoreRollout);
        NodeLabels nodeLabels =
                KubernetesNodeLabels.of(HealthSettings.from(conf), root, warning -> Log.warn(warnings, warning));
        return space -> GateChain.standard(settings, space, nodeLabels, clock);
    }
}
