package io.kubesolo.update.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceRootTest {

    @TempDir
    Path dir;

    @Test
    void absoluteDevicePathsResolveUnderTheRoot() {
        DeviceRoot root = DeviceRoot.of(dir);
        assertThat(root.resolve("/boot/grub/grubenv")).isEqualTo(dir.resolve("boot/grub/grubenv"));
        assertThat(root.isMachine()).isFalse();
        assertThat(DeviceRoot.of(Path.of("/")).resolve("/etc/kubesolo/update.conf"))
                .isEqualTo(Path.of("/etc/kubesolo/update.conf"));
        assertThat(DeviceRoot.of(Path.of("/")).isMachine()).isTrue();
    }

    @Test
    void sharedWritesClearTheTemporariesOfDeadWriters() throws IOException, InterruptedException {
        Path target = dir.resolve("last-run.json");
        // The JDK's own launcher: the one program a test may count on.
        Process dead = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElseThrow(), "-version")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        dead.waitFor();
        Path orphan = dir.resolve(".last-run.json." + dead.pid() + ".tmp");
        Path live = dir.resolve(".last-run.json."
                + ProcessHandle.current().parent().orElseThrow().pid() + ".tmp");
        Path unrelated = dir.resolve(".last-run.json.notapid.tmp");
        for (Path file : new Path[] {orphan, live, unrelated}) {
            Files.writeString(file, "half-written");
        }

        AtomicFiles.writeShared(target, new byte[] {1});

        assertThat(Files.readAllBytes(target)).containsExactly(1);
        assertThat(orphan).doesNotExist();
        assertThat(live).as("another writer that is still running").exists();
        assertThat(unrelated).exists();
    }

    @Test
    void atomicWriteReplacesAndLeavesNoTemporary() throws IOException {
        Path target = dir.resolve("a/b/file");
        AtomicFiles.write(target, new byte[] {1, 2, 3});
        AtomicFiles.write(target, new byte[] {4});
        assertThat(Files.readAllBytes(target)).containsExactly(4);
        assertThat(Files.exists(AtomicFiles.temporarySibling(target))).isFalse();
    }
}
