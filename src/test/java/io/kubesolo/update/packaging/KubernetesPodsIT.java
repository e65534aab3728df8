package io.kubesolo.update.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.cli.Main;
import io.kubesolo.update.config.ConfKey;
import io.kubesolo.update.config.UpdateConf;
import io.kubesolo.update.oci.LocalRegistry;
import io.kubesolo.update.oci.MediaTypes;
import io.kubesolo.update.testing.OsRoot;
import io.kubesolo.update.testing.Processes;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests as shipped, run for real: the image the package step writes
 * (target/dist/kubesolo-update-chroot) read by skopeo, pushed to a real registry and read back; and
 * each container's command and args, exactly as the manifests give them, run in that image's
 * unpacked layer with the real {@code chroot}, its volumes mounted as the kubelet mounts them: the
 * node's root at /host (a root holding glibc, busybox, the installed amd64 tarball and a simulated
 * device), the ConfigMap and the service-account token below it. The CronJob's apply stages a
 * release on the node, the health-check Job confirms the boot after it was activated.
 */
@Tag("system")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class KubernetesPodsIT {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.anonymous();

    private static final Path LAYOUT = OsRoot.DIST.resolve(KubernetesManifestsTest.IMAGE_NAME);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    private static String version;
    private static KubernetesManifestsTest manifests;

    @BeforeAll
    static void readManifests() throws IOException {
        version = KubernetesManifestsTest.version();
        manifests = new KubernetesManifestsTest();
        manifests.parse();
    }

    private static String skopeo(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("skopeo"));
        command.addAll(List.of(arguments));
        return Processes.output(command);
    }

    private static String layoutReference() {
        return "oci:" + LAYOUT + ":" + version;
    }

    @Test
    void thePackageStepWritesAnIndexOfAmd64AndArm64ImagesThatSkopeoReads() throws Exception {
        JsonNode index = JSON.readTree(skopeo("inspect", "--raw", layoutReference()));

        assertThat(index.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_INDEX);
        List<String> platforms = new ArrayList<>();
        index.path("manifests")
                .forEach(manifest ->
                        platforms.add(manifest.path("platform").path("os").asText() + "/"
                                + manifest.path("platform").path("architecture").asText()));
        assertThat(platforms).containsExactly("linux/amd64", "linux/arm64");
        for (String architecture : List.of("amd64", "arm64")) {
            JsonNode config =
                    JSON.readTree(skopeo("inspect", "--override-arch", architecture, "--config", layoutReference()));
            assertThat(config.path("architecture").asText()).isEqualTo(architecture);
            assertThat(config.path("os").asText()).isEqualTo("linux");
            assertThat(config.path("rootfs").path("diff_ids")).hasSize(1);
            JsonNode image = JSON.readTree(skopeo("inspect", "--override-arch", architecture, layoutReference()));
            assertThat(image.path("Layers")).hasSize(1);
        }
    }

    @Test
    void skopeoPushesTheLayoutToARegistryAndReadsTheSameImageBack() throws Exception {
        String pushed =
                "docker://" + REGISTRY.host() + "/kubesolo/" + KubernetesManifestsTest.IMAGE_NAME + ":" + version;
        skopeo("copy", "--all", "--dest-tls-verify=false", layoutReference(), pushed);

        assertThat(skopeo("inspect", "--raw", "--tls-verify=false", pushed))
                .isEqualTo(skopeo("inspect", "--raw", layoutReference()));
        Path pulled = temp.resolve("pulled");
        skopeo("copy", "--override-arch", "arm64", "--src-tls-verify=false", pushed, "dir:" + pulled);
        JsonNode manifest = JSON.readTree(pulled.resolve("manifest.json").toFile());
        String layer = manifest.path("layers").get(0).path("digest").asText();
        String entries = Processes.output(List.of(
                "tar",
                "-tzvf",
                pulled.resolve(layer.substring("sha256:".length())).toString()));
        assertThat(entries).contains("bin/busybox", "bin/chroot -> busybox", "bin/sh -> busybox", "host/");
    }

    @Test
    void theCronJobStagesAReleaseAndTheHealthcheckJobConfirmsTheBootOnTheNode() throws Exception {
        Path node = temp.resolve("node");
        OsRoot.install(OsRoot.tarball("amd64"), node, "amd64");
        agent("simulate", "init", "--root", node.toString(), "--version", "v0.2.0");
        Files.writeString(node.resolve("etc/resolv.conf"), "nameserver 192.0.2.53\n");
        Path keys = temp.resolve("keys");
        agent("keygen", "--out-dir", keys.toString(), "--name", "release");
        Path kernel = Files.write(temp.resolve("vmlinuz"), "kernel v0.3.0".getBytes(StandardCharsets.UTF_8));
        Path initramfs =
                Files.write(temp.resolve("kubesolo-os.gz"), "initramfs v0.3.0".getBytes(StandardCharsets.UTF_8));
        agent(
                "push",
                "--registry",
                "oci-layout:" + node.resolve("media/usb/release"),
                "--kernel",
                kernel.toString(),
                "--initramfs",
                initramfs.toString(),
                "--version",
                "v0.3.0",
                "--architecture",
                "amd64",
                "--channel",
                "stable",
                "--tag",
                "stable",
                "--sign-key",
                keys.resolve("release.key").toString());
        Path configMap = configMap(keys.resolve("release.pub"));
        Path serviceAccount = Files.createDirectories(temp.resolve("service-account"));
        Files.writeString(serviceAccount.resolve("token"), "a-service-account-token");
        Files.writeString(serviceAccount.resolve("ca.crt"), "");
        Path socket = node.resolve("run/containerd/containerd.sock");
        Files.createDirectories(socket.getParent());
        Path container = unpackImage("amd64");
        Map<String, Path> volumes = Map.of("config", configMap, "service-account", serviceAccount);

        try (ServerSocketChannel containerd = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            containerd.bind(UnixDomainSocketAddress.of(socket));

            Processes.Result apply = runPod(manifests.only("CronJob"), node, container, volumes);
            assertThat(apply.exitCode()).as(apply.stdout() + apply.stderr()).isZero();
            assertThat(Files.readString(node.resolve("slots/B/version")).strip())
                    .isEqualTo("v0.3.0");
            assertThat(state(node)).containsPattern("\"phase\"\\s*:\\s*\"staged\"");

            agent("activate", "--root", node.toString());
            agent("simulate", "boot", "--root", node.toString());
            Processes.Result health = runPod(manifests.only("Job"), node, container, volumes);
            assertThat(health.exitCode()).as(health.stdout() + health.stderr()).isZero();
            assertThat(health.stdout() + health.stderr()).contains("containerd", "data_partition");
            assertThat(state(node)).containsPattern("\"phase\"\\s*:\\s*\"success\"");
            assertThat(Files.readString(node.resolve("boot/grub/grubenv"))).contains("active_slot=B");
        }
        assertThat(Files.readString(node.resolve("etc/resolv.conf")))
                .as("the pod's resolv.conf was mounted over the node's in the pod's mount namespace only")
                .isEqualTo("nameserver 192.0.2.53\n");
        try (var left = Files.list(node.resolve("run/kubesolo-update/config"))) {
            assertThat(left)
                    .as("the ConfigMap was mounted, not copied, onto the node")
                    .isEmpty();
        }
    }

    /** The ConfigMap's files, as the kubelet writes them; update.conf pointed at the test's release and device. */
    private static Path configMap(Path releaseKey) throws IOException {
        Path directory = Files.createDirectories(temp.resolve("config-map"));
        JsonNode data = manifests.only("ConfigMap").path("data");
        data.fieldNames().forEachRemaining(key -> {
            try {
                Files.writeString(directory.resolve(key), data.path(key).asText());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Files.copy(releaseKey, directory.resolve("release.pub"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // As shipped, but the release comes from the node's "USB stick", the window is always open
        // (the shipped one would have the test wait for 02:00), no API server to ask, and the slots
        // are the simulated device's directories.
        UpdateConf shipped = manifests.updateConf();
        assertThat(shipped.get(ConfKey.SERVER)).isPresent();
        String conf = data.path("update.conf")
                        .asText()
                        .lines()
                        .filter(line -> !line.startsWith("server=")
                                && !line.startsWith("maintenance_window=")
                                && !line.startsWith("kubeconfig="))
                        .collect(Collectors.joining("\n", "", "\n"))
                + "registry=oci-layout:/media/usb/release\ntag=stable\nkubeconfig=none\n"
                + "slot_backend=directory\nhealth_checks=containerd,data_partition\n";
        Files.writeString(directory.resolve("update.conf"), conf);
        return directory;
    }

    /** The image's amd64 layer, unpacked as a container's root file system, with the resolv.conf the kubelet gives it. */
    private static Path unpackImage(String architecture) throws IOException, InterruptedException {
        Path image = temp.resolve("image-" + architecture);
        skopeo("copy", "--override-arch", architecture, layoutReference(), "dir:" + image);
        JsonNode manifest = JSON.readTree(image.resolve("manifest.json").toFile());
        Path root = Files.createDirectories(temp.resolve("container-" + architecture));
        String layer = manifest.path("layers").get(0).path("digest").asText().substring("sha256:".length());
        Processes.output(List.of("tar", "-xzf", image.resolve(layer).toString(), "-C", root.toString()));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(
                root.resolve("etc/resolv.conf"), "nameserver 10.43.0.10\nsearch kubesolo-system.svc.cluster.local\n");
        return root;
    }

    /**
     * Runs the workload's container as a container runtime would: in a mount namespace of its own,
     * the node's /proc and /dev in the node's root, each volume mounted at its mount path (parents
     * first, hostPath recursively, read-only where the manifest says), then the command and args
     * chrooted into the image's root with the image's environment.
     */
    private static Processes.Result runPod(JsonNode workload, Path node, Path container, Map<String, Path> sources)
            throws IOException, InterruptedException {
        JsonNode pod = KubernetesManifestsTest.podSpec(workload);
        JsonNode spec = pod.path("containers").get(0);
        StringBuilder script = new StringBuilder("set -e\n")
                .append("mount --bind '")
                .append(node)
                .append("' '")
                .append(node)
                .append("'\n")
                .append("mount -t proc proc '")
                .append(node)
                .append("/proc'\n")
                .append("mount --bind /dev '")
                .append(node)
                .append("/dev'\n")
                .append("mount --bind '")
                .append(container)
                .append("' '")
                .append(container)
                .append("'\n");
        List<JsonNode> mounts = new ArrayList<>();
        spec.path("volumeMounts").forEach(mounts::add);
        mounts.sort(Comparator.comparingInt(
                mount -> mount.path("mountPath").asText().split("/").length));
        for (JsonNode mount : mounts) {
            String name = mount.path("name").asText();
            JsonNode volume = volume(pod, name);
            Path source = volume.has("hostPath")
                    ? Path.of(node + volume.path("hostPath").path("path").asText())
                    : sources.get(name);
            assertThat(source).as("a source for volume " + name).isNotNull();
            String target = container + mount.path("mountPath").asText();
            script.append("mkdir -p '")
                    .append(target)
                    .append("'\n")
                    .append("mount --rbind '")
                    .append(source)
                    .append("' '")
                    .append(target)
                    .append("'\n");
            if (mount.path("readOnly").asBoolean()) {
                script.append("mount -o remount,bind,ro '").append(target).append("'\n");
            }
        }
        script.append(
                        "exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin /usr/sbin/chroot '")
                .append(container)
                .append("' \"$@\"\n");
        List<String> command = new ArrayList<>(
                List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", script.toString(), "pod"));
        command.addAll(KubernetesManifestsTest.containerCommand(spec));
        Processes.Result result = Processes.run(command);
        System.out.printf(
                "%s: %s%n%s%s%n",
                workload.path("kind").asText(), command.subList(7, command.size()), result.stdout(), result.stderr());
        return result;
    }

    private static JsonNode volume(JsonNode pod, String name) {
        for (JsonNode volume : pod.path("volumes")) {
            if (volume.path("name").asText().equals(name)) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    private static String state(Path node) throws IOException {
        return Files.readString(node.resolve("var/lib/kubesolo/update/state.json"));
    }

    private static void agent(String... arguments) {
        int exit = Main.commandLine().execute(arguments);
        assertThat(exit).as("kubesolo-update " + String.join(" ", arguments)).isZero();
    }
}
