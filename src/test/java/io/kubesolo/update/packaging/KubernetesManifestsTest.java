package io.kubesolo.update.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kubesolo.update.cli.Main;
import io.kubesolo.update.config.ConfKey;
import io.kubesolo.update.config.UpdateConf;
import io.kubesolo.update.policy.MaintenanceWindow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The manifests in packaging/kubernetes, parsed as YAML: every container runs the node's own agent
 * by chroot into the node's root with a command line the program accepts, the ConfigMap and the
 * service-account token are mounted where the chrooted agent finds them, the ConfigMap holds an
 * update.conf of keys the contract knows, the image is the one the package step writes, and the
 * CronJob runs every 6 hours, never twice at once. {@code KubernetesPodsIT} runs the pods' commands
 * for real.
 */
class KubernetesManifestsTest {

    private static final Path MANIFESTS = Path.of("packaging/kubernetes");
    private static final String NAMESPACE = "kubesolo-system";

    /** Where the pods mount the node's root, which their command chroots into. */
    static final String HOST = "/host";

    /** The pods' shell command: the pod's DNS for the chrooted agent, then the node's agent with the container's args. */
    static final String CHROOT_SCRIPT = "mount --bind /etc/resolv.conf /host/etc/resolv.conf" + " && exec chroot /host "
            + ProgramArguments.PROGRAM + " \"$@\"";

    /** The image the package step writes (scripts/package-dist.sh) under this name, tagged with the version. */
    static final String IMAGE_NAME = "kubesolo-update-chroot";

    private final List<JsonNode> documents = new ArrayList<>();

    @BeforeEach
    void parse() throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            for (Path file : files.sorted().toList()) {
                assertThat(file.getFileName().toString()).endsWith(".yaml");
                try (MappingIterator<JsonNode> docs =
                        yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
                    while (docs.hasNext()) {
                        JsonNode doc = docs.next();
                        assertThat(doc.path("apiVersion").asText())
                                .as(file + " apiVersion")
                                .isNotEmpty();
                        assertThat(doc.path("kind").asText()).as(file + " kind").isNotEmpty();
                        assertThat(doc.path("metadata").path("name").asText())
                                .as(file + " name")
                                .isNotEmpty();
                        documents.add(doc);
                    }
                }
            }
        }
    }

    JsonNode only(String kind) {
        List<JsonNode> found = documents.stream()
                .filter(doc -> doc.path("kind").asText().equals(kind))
                .toList();
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    static JsonNode podSpec(JsonNode workload) {
        JsonNode spec = workload.path("spec");
        return (spec.has("jobTemplate") ? spec.path("jobTemplate").path("spec") : spec)
                .path("template")
                .path("spec");
    }

    private List<JsonNode> workloads() {
        return List.of(only("CronJob"), only("Job"));
    }

    /** The container's command and args, as the container runtime executes them. */
    static List<String> containerCommand(JsonNode container) {
        List<String> argv = new ArrayList<>();
        container.path("command").forEach(part -> argv.add(part.asText()));
        container.path("args").forEach(part -> argv.add(part.asText()));
        return argv;
    }

    /**
     * The agent's command line in the node's root: the container's args after the program, once the
     * command is checked to be the chroot script ({@code sh -c SCRIPT NAME}, args as {@code "$@"}).
     */
    static List<String> commandLine(JsonNode container) {
        List<String> command = new ArrayList<>();
        container.path("command").forEach(part -> command.add(part.asText()));
        assertThat(command).as("command").containsExactly("/bin/sh", "-c", CHROOT_SCRIPT, "kubesolo-update");
        List<String> argv = new ArrayList<>(List.of(ProgramArguments.PROGRAM));
        container.path("args").forEach(part -> argv.add(part.asText()));
        return argv;
    }

    /** The path given to {@code --conf}: update.conf as the chrooted agent sees it. */
    static String confPath(JsonNode container) {
        List<String> argv = commandLine(container);
        int flag = argv.indexOf("--conf");
        assertThat(flag).as("%s names its update.conf", argv).isPositive();
        return argv.get(flag + 1);
    }

    /** The volume mounted at the closest enclosing mount path of {@code path}, if any. */
    private static Optional<JsonNode> volumeFor(JsonNode pod, JsonNode container, String path) {
        JsonNode best = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            String mountPath = mount.path("mountPath").asText();
            if ((path.equals(mountPath) || path.startsWith(mountPath + "/"))
                    && (best == null
                            || mountPath.length()
                                    > best.path("mountPath").asText().length())) {
                best = mount;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        String name = best.path("name").asText();
        for (JsonNode volume : pod.path("volumes")) {
            if (volume.path("name").asText().equals(name)) {
                return Optional.of(volume);
            }
        }
        throw new AssertionError("volume mount " + name + " has no volume");
    }

    /** The volume a path of the node's root, as the chrooted agent sees it, comes from. */
    private static JsonNode volumeSeenInChroot(JsonNode pod, JsonNode container, String path) {
        return volumeFor(pod, container, HOST + path)
                .orElseThrow(() -> new AssertionError(container.path("name").asText() + " does not mount " + path));
    }
    /** The project's version, as Maven filtered it into the program's properties. */
    static String version() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/kubesolo-update.properties")) {
            properties.load(in);
        }
        return properties.getProperty("version");
    }

    UpdateConf updateConf() throws IOException {
        Path file = Files.createTempFile("update", ".conf");
        try {
            Files.writeString(
                    file, only("ConfigMap").path("data").path("update.conf").asText());
            return UpdateConf.load(file);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void everyContainerRunsACommandLineTheProgramAccepts() {
        JsonNode health = podSpec(only("Job")).path("containers").get(0);
        assertThat(ProgramArguments.assertRunnable(commandLine(health))).isEqualTo("healthcheck");
        assertThat(commandLine(health)).containsSequence("--auto-rollback-after", "3");
        JsonNode apply = podSpec(only("CronJob")).path("containers").get(0);
        assertThat(ProgramArguments.assertRunnable(commandLine(apply))).isEqualTo("apply");
    }

    @Test
    void cronJobRunsEverySixHoursAndNeverTwiceAtOnce() {
        JsonNode spec = only("CronJob").path("spec");
        String[] fields = spec.path("schedule").asText().split(" ");
        assertThat(fields).hasSize(5);
        assertThat(Integer.parseInt(fields[0]))
                .as("one run per hour that matches")
                .isBetween(0, 59);
        assertThat(fields[1]).isEqualTo("*/6");
        assertThat(List.of(fields[2], fields[3], fields[4])).containsOnly("*");
        assertThat(spec.path("concurrencyPolicy").asText()).isEqualTo("Forbid");
    }

    /**
     * #12 item 1: the ConfigMap's window and the CronJob's schedule, as shipped, on a simulated day:
     * without waiting, no run at minute 17 of hours 0, 6, 12, 18 falls into 02:00-05:00.
     */
    @Test
    void theShippedScheduleUpdatesInsideTheShippedWindowEveryDay() throws IOException {
        JsonNode cronJob = only("CronJob");
        String[] fields = cronJob.path("spec").path("schedule").asText().split(" ", -1);
        int minute = Integer.parseInt(fields[0]);
        int every = Integer.parseInt(fields[1].substring(2));
        List<Duration> runs = new ArrayList<>();
        for (int hour = 0; hour < 24; hour += every) {
            runs.add(Duration.ofHours(hour).plusMinutes(minute));
        }
        List<String> argv = commandLine(podSpec(cronJob).path("containers").get(0));
        Duration wait = Main.commandLine()
                .parseArgs(argv.subList(1, argv.size()).toArray(String[]::new))
                .subcommand()
                .matchedOptionValue("--wait-for-window", null);
        MaintenanceWindow window = MaintenanceWindow.parse(
                updateConf().get(ConfKey.MAINTENANCE_WINDOW).orElseThrow());

        assertThat(ScheduledDay.admittedRuns(runs, window, null))
                .as("without waiting")
                .isEmpty();
        List<Instant> admitted = ScheduledDay.admittedRuns(runs, window, wait);
        assertThat(admitted).as("runs that reach the window").isNotEmpty();
        long deadline = cronJob.path("spec")
                .path("jobTemplate")
                .path("spec")
                .path("activeDeadlineSeconds")
                .asLong();
        assertThat(Duration.ofSeconds(deadline))
                .as("the Job outlives the longest wait plus a download")
                .isGreaterThanOrEqualTo(wait.plusHours(2));
    }

    @Test
    void podsChrootIntoTheNodesRootWithTheConfigMapAndTokenMountedInside() throws IOException {
        UpdateConf conf = updateConf();
        JsonNode configMap = only("ConfigMap");
        for (JsonNode workload : workloads()) {
            JsonNode pod = podSpec(workload);
            assertThat(pod.path("hostNetwork").asBoolean())
                    .as("the pod's host name is the node's")
                    .isTrue();
            assertThat(pod.path("hostPID").asBoolean())
                    .as("/proc in the chroot is the node's")
                    .isTrue();
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true))
                    .as("the token is mounted inside the chroot instead")
                    .isFalse();
            for (JsonNode container : pod.path("containers")) {
                assertThat(container.path("securityContext").path("privileged").asBoolean())
                        .as("mounting the slot partitions needs a privileged container")
                        .isTrue();
                assertThat(volumeFor(pod, container, HOST).orElseThrow().path("hostPath"))
                        .as("the node's root at " + HOST)
                        .isEqualTo(new YAMLMapper().readTree("{path: /, type: Directory}"));
                JsonNode config = volumeSeenInChroot(pod, container, confPath(container));
                assertThat(config.path("configMap").path("name").asText())
                        .isEqualTo(configMap.path("metadata").path("name").asText());
                // Every file update.conf names is a key of the ConfigMap, at the path the chrooted agent reads.
                for (ConfKey key : List.of(ConfKey.PUBKEY, ConfKey.KUBECONFIG)) {
                    String path = conf.get(key).orElseThrow();
                    assertThat(volumeSeenInChroot(pod, container, path)).isEqualTo(config);
                    assertThat(Path.of(path).getParent())
                            .isEqualTo(Path.of(confPath(container)).getParent());
                    assertThat(configMap
                                    .path("data")
                                    .has(Path.of(path).getFileName().toString()))
                            .as(path)
                            .isTrue();
                }
                String image = container.path("image").asText();
                assertThat(image).contains("/" + IMAGE_NAME + ":");
                assertThat(image.substring(image.lastIndexOf(':') + 1))
                        .as("the image's tag is the version the package step tags it with")
                        .isEqualTo(version());
            }
        }
    }

    @Test
    void everyUpdateConfKeyOfTheConfigMapIsOneTheContractKnows() throws IOException {
        String contract = Files.readString(Path.of("docs/spec.md"));
        String section = contract.substring(contract.indexOf("## 3. `update.conf`"), contract.indexOf("## 4."));
        assertThat(updateConf().values().keySet())
                .isNotEmpty()
                .allSatisfy(key -> assertThat(section).as("docs/spec.md §3").contains("`" + key + "`"));
    }

    @Test
    void theAgentUsesItsServiceAccountWhichMayGetNodes() throws IOException {
        assertThat(updateConf().get(ConfKey.KUBECONFIG)).hasValue("/run/kubesolo-update/config/in-cluster.kubeconfig");
        JsonNode kubeconfig = new YAMLMapper()
                .readTree(only("ConfigMap")
                        .path("data")
                        .path("in-cluster.kubeconfig")
                        .asText());
        String tokenFile =
                kubeconfig.path("users").get(0).path("user").path("tokenFile").asText();
        String caFile = kubeconfig
                .path("clusters")
                .get(0)
                .path("cluster")
                .path("certificate-authority")
                .asText();
        for (JsonNode workload : workloads()) {
            JsonNode pod = podSpec(workload);
            JsonNode container = pod.path("containers").get(0);
            JsonNode token = volumeSeenInChroot(pod, container, tokenFile);
            assertThat(volumeSeenInChroot(pod, container, caFile)).isEqualTo(token);
            assertThat(token.path("projected").path("sources").toString())
                    .contains("\"serviceAccountToken\":{\"path\":\""
                            + Path.of(tokenFile).getFileName())
                    .contains("\"path\":\"" + Path.of(caFile).getFileName() + "\"");
        }

        String account = only("ServiceAccount").path("metadata").path("name").asText();
        for (JsonNode workload : workloads()) {
            assertThat(podSpec(workload).path("serviceAccountName").asText()).isEqualTo(account);
            assertThat(workload.path("metadata").path("namespace").asText()).isEqualTo(NAMESPACE);
        }
        JsonNode binding = only("ClusterRoleBinding");
        assertThat(binding.path("subjects").get(0).path("name").asText()).isEqualTo(account);
        JsonNode role = only("ClusterRole");
        assertThat(binding.path("roleRef").path("name").asText())
                .isEqualTo(role.path("metadata").path("name").asText());
        assertThat(role.path("rules")).anySatisfy(rule -> {
            assertThat(rule.path("resources").toString()).contains("\"nodes\"");
            assertThat(rule.path("verbs").toString()).contains("\"get\"");
        });
        assertThat(only("Namespace").path("metadata").path("name").asText()).isEqualTo(NAMESPACE);
    }
}
