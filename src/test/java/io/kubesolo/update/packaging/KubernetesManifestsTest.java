package io.kubesolo.update.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kubesolo.update.cli.Main;
import io.kubesolo.update.config.UpdateConf;
import io.kubesolo.update.grub.GrubEnvFile;
import io.kubesolo.update.health.HealthChecks;
import io.kubesolo.update.health.HealthSettings;
import io.kubesolo.update.policy.MachineId;
import io.kubesolo.update.policy.MaintenanceWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The manifests in packaging/kubernetes, parsed as YAML: every container runs a command line the
 * program accepts, the host paths it mounts cover every path the agent uses, the ConfigMap holds
 * an update.conf the agent parses, and the CronJob runs every 6 hours, never twice at once.
 */
class KubernetesManifestsTest {

    private static final Path MANIFESTS = Path.of("packaging/kubernetes");
    private static final String NAMESPACE = "kubesolo-system";

    /** spec §3 and §7: where update.conf and the state are; last-run.json sits next to the state. */
    private static final String CONF = "/etc/kubesolo/update.conf";

    private static final String STATE = "/var/lib/kubesolo/update/state.json";

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

    private JsonNode only(String kind) {
        List<JsonNode> found = documents.stream()
                .filter(doc -> doc.path("kind").asText().equals(kind))
                .toList();
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    private static JsonNode podSpec(JsonNode workload) {
        JsonNode spec = workload.path("spec");
        return (spec.has("jobTemplate") ? spec.path("jobTemplate").path("spec") : spec)
                .path("template")
                .path("spec");
    }

    private List<JsonNode> workloads() {
        return List.of(only("CronJob"), only("Job"));
    }

    private static List<String> commandLine(JsonNode container) {
        List<String> argv = new ArrayList<>();
        container.path("command").forEach(part -> argv.add(part.asText()));
        container.path("args").forEach(part -> argv.add(part.asText()));
        return argv;
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

    private static void assertHostPath(JsonNode pod, JsonNode container, String path) {
        JsonNode volume = volumeFor(pod, container, path)
                .orElseThrow(() -> new AssertionError(container.path("name").asText() + " does not mount " + path));
        String hostPath = volume.path("hostPath").path("path").asText();
        assertThat(hostPath)
                .as("%s must come from the host at the same path", path)
                .isNotEmpty();
        assertThat(path.equals(hostPath) || path.startsWith(hostPath + "/"))
                .as(path + " under host " + hostPath)
                .isTrue();
    }

    private UpdateConf updateConf() throws IOException {
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
        MaintenanceWindow window =
                MaintenanceWindow.parse(updateConf().get("maintenance_window").orElseThrow());

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
    void hostPathsCoverEveryPathTheAgentUses() throws IOException {
        UpdateConf conf = updateConf();
        for (JsonNode workload : workloads()) {
            JsonNode pod = podSpec(workload);
            assertThat(pod.path("hostNetwork").asBoolean())
                    .as("the pod's host name is the node's")
                    .isTrue();
            for (JsonNode container : pod.path("containers")) {
                assertThat(container.path("securityContext").path("privileged").asBoolean())
                        .as("mounting the slot partitions needs a privileged container")
                        .isTrue();
                assertHostPath(pod, container, GrubEnvFile.DEVICE_PATH);
                assertHostPath(pod, container, STATE);
                assertHostPath(pod, container, "/dev");
                JsonNode config = volumeFor(pod, container, CONF).orElseThrow();
                assertThat(config.path("configMap").path("name").asText())
                        .isEqualTo(
                                only("ConfigMap").path("metadata").path("name").asText());
                // Every file update.conf names under /etc/kubesolo is a key of the ConfigMap.
                for (String key : List.of("pubkey", "kubeconfig")) {
                    String path = conf.get(key).orElseThrow();
                    assertThat(volumeFor(pod, container, path)).contains(config);
                    assertThat(only("ConfigMap")
                                    .path("data")
                                    .has(Path.of(path).getFileName().toString()))
                            .as(path)
                            .isTrue();
                }
            }
        }
        JsonNode apply = podSpec(only("CronJob")).path("containers").get(0);
        assertHostPath(podSpec(only("CronJob")), apply, MachineId.DEVICE_PATH);
        JsonNode health = podSpec(only("Job")).path("containers").get(0);
        assertHostPath(podSpec(only("Job")), health, HealthSettings.DEFAULT_CONTAINERD_SOCKET);
        assertHostPath(podSpec(only("Job")), health, HealthChecks.DATA_DIRECTORY);
    }

    @Test
    void theAgentUsesItsServiceAccountWhichMayGetNodes() throws IOException {
        assertThat(updateConf().get("kubeconfig")).hasValue("/etc/kubesolo/in-cluster.kubeconfig");
        JsonNode kubeconfig = new YAMLMapper()
                .readTree(only("ConfigMap")
                        .path("data")
                        .path("in-cluster.kubeconfig")
                        .asText());
        assertThat(kubeconfig
                        .path("users")
                        .get(0)
                        .path("user")
                        .path("tokenFile")
                        .asText())
                .isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount/token");

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
