package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.oci.LocalRegistry;
import io.kubesolo.update.policy.MachineArchitecture;
import io.kubesolo.update.slot.BlockSlotDevice;
import io.kubesolo.update.slot.MountedSlot;
import io.kubesolo.update.slot.ProcessRunner;
import io.kubesolo.update.slot.SlotInfo;
import io.kubesolo.update.slot.SlotName;
import io.kubesolo.update.state.Phase;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.LoopDisk;
import io.kubesolo.update.testing.OpensslRelease;
import io.kubesolo.update.testing.PythonHttpServer;
import io.kubesolo.update.testing.ReleasePush;
import io.kubesolo.update.testing.SimulatedDevice;
import io.kubesolo.update.verify.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apply} on the partition backend: the slots are real ext4 file systems on loop devices,
 * found by label and mounted on demand; the releases come from a real static web server (made by
 * openssl, not by us) and from the real CNCF distribution registry. The active partition's bytes
 * must not change by one.
 */
@Tag("system")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ApplyOnBlockDeviceTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.anonymous();

    @TempDir
    Path temp;

    private LoopDisk disk;
    private BlockSlotDevice slots;
    private SimulatedDevice device;
    private String activePartitionBefore;
    private byte[] grubenvBefore;

    @BeforeEach
    void installVersionOnPartitionA() throws IOException {
        disk = LoopDisk.create(temp, LoopDisk.uniqueLabels());
        slots = BlockSlotDevice.onThisMachine(disk.labels(), new ProcessRunner());
        try (MountedSlot a = slots.openForWriting(SlotName.A)) {
            Files.writeString(a.directory().resolve("vmlinuz"), "kernel v0.2.0");
            Files.writeString(a.directory().resolve("kubesolo-os.gz"), "initramfs v0.2.0");
            Files.writeString(a.directory().resolve("version"), "v0.2.0\n");
        }
        device = SimulatedDevice.create(temp.resolve("device"), "v0.2.0");
        device.appendConf("slot_backend=block");
        device.appendConf("slot_a_label=" + disk.labels().a());
        device.appendConf("slot_b_label=" + disk.labels().b());
        activePartitionBefore = disk.sha256(SlotName.A);
        grubenvBefore = device.grubenvBytes();
    }

    @AfterEach
    void detach() {
        disk.close();
    }

    @Test
    void stagesASignedReleaseMadeWithOpensslFromAStaticWebServer() throws Exception {
        OpensslRelease openssl = OpensslRelease.withNewKey(temp);
        Path site = Files.createDirectories(temp.resolve("site"));
        Path files = openssl.writeSite(site, "v0.3.0", random(3_000_000, 1), random(5_000_000, 2));
        Path key = device.root().resolve("etc/kubesolo/keys/release.pem");
        Files.createDirectories(key.getParent());
        Files.copy(openssl.publicKeyPem(), key);
        device.appendConf("pubkey=/etc/kubesolo/keys/release.pem");

        try (PythonHttpServer server = PythonHttpServer.serve(site)) {
            CommandRun apply = CommandRun.of("apply", "--root", device.rootArg(), "--server", server.url());
            assertThat(apply.exitCode()).as(apply.toString()).isZero();
        }

        assertStagedOnPartitionB("v0.3.0", files.resolve("vmlinuz"), files.resolve("kubesolo-os.gz"));
        activateAndCheckStatus();
    }

    @Test
    void stagesAReleaseFromTheRealRegistry() throws Exception {
        Path kernel = Files.write(temp.resolve("vmlinuz"), random(2_000_000, 3));
        Path initramfs = Files.write(temp.resolve("kubesolo-os.gz"), random(4_000_000, 4));
        String repository = REGISTRY.host() + "/kubesolo/os";
        ReleasePush.of(repository, kernel, initramfs, "v0.3.0")
                .architecture(MachineArchitecture.ofThisMachine())
                .flags("--channel", "stable")
                .run();

        CommandRun apply = CommandRun.of(
                "apply", "--root", device.rootArg(), "--registry", repository, "--tag", "stable", "--plain-http");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();

        assertStagedOnPartitionB("v0.3.0", kernel, initramfs);
        activateAndCheckStatus();
    }

    private void assertStagedOnPartitionB(String version, Path kernel, Path initramfs) throws IOException {
        try (MountedSlot b = slots.openForReading(SlotName.B)) {
            SlotInfo info = SlotInfo.of(b);
            assertThat(info.complete()).isTrue();
            assertThat(info.version()).contains(version);
            assertThat(digest(b.directory().resolve("vmlinuz"))).isEqualTo(digest(kernel));
            assertThat(digest(b.directory().resolve("kubesolo-os.gz"))).isEqualTo(digest(initramfs));
        }
        assertThat(disk.sha256(SlotName.A)).as("active partition bytes").isEqualTo(activePartitionBefore);
        assertThat(device.grubenvBytes()).isEqualTo(grubenvBefore);
        assertThat(device.state().phase()).isEqualTo(Phase.STAGED);
        assertThat(device.slot("B"))
                .as("nothing written to the directory backend")
                .isEmptyDirectory();
    }

    private void activateAndCheckStatus() throws IOException {
        CommandRun activate = CommandRun.of("activate", "--root", device.rootArg());
        assertThat(activate.exitCode()).as(activate.toString()).isZero();
        assertThat(device.boot().activeSlot()).isEqualTo(SlotName.B);
        CommandRun status = CommandRun.of("status", "--root", device.rootArg());
        assertThat(status.out()).contains("partitions").containsPattern("Slot B \\(boots next\\): +v0\\.3\\.0\n");
        assertThat(disk.sha256(SlotName.A)).isEqualTo(activePartitionBefore);
    }

    private static String digest(Path file) throws IOException {
        return Digest.of(Files.readAllBytes(file)).hex();
    }

    private static byte[] random(int length, int seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
