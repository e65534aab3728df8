package io.kubesolo.update.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.grub.BootState;
import io.kubesolo.update.slot.SlotName;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.ReleasePush;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The update cycle on a real machine (issue #11, docs/boot-test.md): QEMU (TCG), SeaBIOS, GRUB 2
 * i386-pc with the shipped grub.cfg, a GPT disk with KSOLOEFI, KSOLOA, KSOLOB and KSOLODATA,
 * Debian's kernel and a busybox initramfs carrying the agent as an OS build installs it. Each step
 * is one power-on; the serial console and the GRUB environment read from the disk image between
 * power-ons are the evidence. Releases come from an OCI layout on a second disk (the USB stick).
 */
@Tag("system")
class VmBootIT {

    private static final Path WORK = Path.of("target/vm");
    /** Bounds one power-on; a loaded CI machine under TCG is slow, a hung guest is not waited for. */
    private static final Duration POWER_ON = Duration.ofMinutes(8);

    private static final String KERNEL_ARGS = "console=ttyS0 panic=3 quiet";

    @Test
    void updateCycleOnARealBoot() throws Exception {
        long start = System.nanoTime();
        deleteTree(WORK);
        Files.createDirectories(WORK);
        Path keys = WORK.resolve("keys");
        ok(CommandRun.of("keygen", "--out-dir", keys.toString(), "--name", "release"));
        Path os = buildOsInitramfs(keys.resolve("release.pub"));
        Path kernel = newestCloudKernel();
        Path slotA = slotWith(kernel, os, "v1.0.0");
        Path localCfg = Files.writeString(
                WORK.resolve("local.cfg"), "set kubesolo_cmdline=\"" + KERNEL_ARGS + "\"\nset timeout=0\n");
        VmMachine vm = VmMachine.build(WORK, Path.of("packaging/grub/grub.cfg"), localCfg, slotA);
        System.out.printf(
                "[vm] disk built in %d s%n",
                Duration.ofNanos(System.nanoTime() - start).toSeconds());

        // a. first boot confirmed; f. an unsigned release and one for arm64 refused, nothing changed
        Path first = step("first-boot", """
                run healthcheck kubesolo-update healthcheck
                run unsigned kubesolo-update apply --registry oci-layout:/media/usb/release --tag unsigned
                run arm64 kubesolo-update apply --registry oci-layout:/media/usb/release --tag arm64
                run status kubesolo-update status
                """);
        push(first, kernel, os, "v9.0.0", "amd64", "unsigned", null);
        push(first, kernel, os, "v9.0.0", "arm64", "arm64", keys);
        VmMachine.Console boot1 = vm.powerOn("first-boot", first, POWER_ON);
        assertThat(boot1.boots()).containsExactly("A v1.0.0");
        assertThat(boot1.exit("healthcheck")).as(boot1.text()).isZero();
        assertThat(boot1.output("healthcheck")).contains("boot of slot A confirmed");
        assertThat(boot1.exit("unsigned")).as(boot1.output("unsigned")).isEqualTo(3);
        assertThat(boot1.output("unsigned")).containsIgnoringCase("signature");
        assertThat(boot1.exit("arm64")).as(boot1.output("arm64")).isEqualTo(3);
        assertThat(boot1.output("arm64")).contains("arm64");
        assertThat(boot1.output("status"))
                .containsPattern("Slot A \\(running, boots next\\): +v1\\.0\\.0")
                .containsPattern("Slot B: +\\(no version\\), incomplete");
        assertThat(vm.grubEnv()).isEqualTo(new BootState(SlotName.A, 3, true));

        // b. a good release from the USB stick: apply, activate, reboot, confirmed
        Path good = step("good-release", """
                run apply kubesolo-update apply --registry oci-layout:/media/usb/release --tag stable
                run activate kubesolo-update activate
                run status kubesolo-update status
                """);
        push(good, kernel, os, "v2.0.0", "amd64", "stable", keys);
        VmMachine.Console boot2 = vm.powerOn("good-release", good, POWER_ON);
        assertThat(boot2.exit("apply")).as(boot2.output("apply")).isZero();
        assertThat(boot2.exit("activate")).as(boot2.output("activate")).isZero();
        assertThat(boot2.output("status"))
                .containsPattern("Slot A \\(running\\): +v1\\.0\\.0")
                .containsPattern("Slot B \\(boots next\\): +v2\\.0\\.0");
        assertThat(vm.grubEnv()).isEqualTo(new BootState(SlotName.B, 3, false));

        Path confirm = step("confirm", """
                run healthcheck kubesolo-update healthcheck
                run status kubesolo-update status
                """);
        VmMachine.Console boot3 = vm.powerOn("new-slot", confirm, POWER_ON);
        assertThat(boot3.boots()).containsExactly("B v2.0.0");
        assertThat(boot3.exit("healthcheck")).as(boot3.output("healthcheck")).isZero();
        assertThat(boot3.output("status")).contains("success, v1.0.0 -> v2.0.0");
        assertThat(vm.grubEnv()).isEqualTo(new BootState(SlotName.B, 3, true));

        // c. a broken release: three unconfirmed boots, GRUB falls back, the first healthcheck confirms
        Path broken = step("broken-release", """
                run apply kubesolo-update apply --registry oci-layout:/media/usb/release --tag stable
                run activate kubesolo-update activate
                """);
        push(broken, kernel, buildBrokenInitramfs(), "v3.0.0", "amd64", "stable", keys);
        VmMachine.Console boot4 = vm.powerOn("broken-release", broken, POWER_ON);
        assertThat(boot4.exit("activate")).as(boot4.output("activate")).isZero();
        assertThat(vm.grubEnv()).isEqualTo(new BootState(SlotName.A, 3, false));

        VmMachine.Console boot5 = vm.powerOn("fallback", confirm, POWER_ON);
        assertThat(boot5.text().split("@@vm broken release", -1))
                .as(boot5.text())
                .hasSize(4);
        assertThat(boot5.boots()).containsExactly("B v2.0.0");
        assertThat(boot5.exit("healthcheck")).as(boot5.output("healthcheck")).isZero();
        assertThat(boot5.output("healthcheck")).contains("GRUB fell back", "is healthy and confirmed");
        assertThat(boot5.output("status"))
                .contains("rolled_back, v2.0.0 -> v3.0.0")
                .contains("slot B boots v2.0.0, not v3.0.0");
        assertThat(vm.grubEnv()).isEqualTo(new BootState(SlotName.B, 3, true));

        // d. a power cut in the middle of apply; the next apply continues the partial download
        Path big = step("big-release", """
                watch_partial() {
                  slot=$(findfs LABEL=KSOLOA)
                  while :; do
                    dir=$(awk -v d="$slot" '$1 == d { print $2; exit }' /proc/mounts)
                    partial="$dir/.kubesolo-os.gz.tmp"
                    if [ -n "$dir" ] && [ -f "$partial" ] && [ "$(stat -c %s "$partial")" -ge 46137344 ]; then
                      mark "cut now"
                      return
                    fi
                    sleep 0.2
                  done
                }
                watch_partial &
                run apply kubesolo-update apply --registry oci-layout:/media/usb/release --tag stable
                """);
        Path bigInitramfs = padded(os, 32 << 20);
        push(big, kernel, bigInitramfs, "v4.0.0", "amd64", "stable", keys);
        vm.powerOn("apply-cut", big, POWER_ON, "@@vm cut now");
        Path resume = step("resume", """
                mount -o ro "$(findfs LABEL=KSOLOA)" /mnt/slot
                mark "partial bytes=$(stat -c %s /mnt/slot/.kubesolo-os.gz.tmp 2>/dev/null || echo 0)"
                umount /mnt/slot
                run apply kubesolo-update apply --registry oci-layout:/media/usb/release --tag stable
                run activate kubesolo-update activate
                """);
        push(resume, kernel, bigInitramfs, "v4.0.0", "amd64", "stable", keys);
        VmMachine.Console boot7 = vm.powerOn("resume", resume, POWER_ON);
        long total = Files.size(bigInitramfs);
        long kept = number(boot7.text(), "partial bytes=(\\d+)");
        System.out.printf(
                "[vm] after the power cut in apply: %d of %d bytes kept, %d fetched again%n",
                kept, total, total - kept);
        assertThat(boot7.exit("apply")).as(boot7.output("apply")).isZero();
        assertThat(kept).as("bytes that survived the power cut").isPositive();
        assertThat(boot7.output("apply")).contains("continuing a partial download at byte " + kept);
        assertThat(boot7.exit("activate")).as(boot7.output("activate")).isZero();
        VmMachine.Console boot8 = vm.powerOn("resumed-release", confirm, POWER_ON);
        assertThat(boot8.boots()).containsExactly("A v4.0.0");
        assertThat(boot8.exit("healthcheck")).as(boot8.output("healthcheck")).isZero();
        assertThat(vm.grubEnv()).isEqualTo(new BootState(SlotName.A, 3, true));

        // e. power cuts while activate and the healthcheck write the GRUB environment
        Path cutActivate = step("activate-cut", """
                run apply kubesolo-update apply --registry oci-layout:/media/usb/release --tag stable
                run activate KUBESOLO_UPDATE_CRASH_AT=grubenv.renamed kubesolo-update activate
                mark "cut now"
                sleep 600
                """);
        push(cutActivate, kernel, os, "v5.0.0", "amd64", "stable", keys);
        vm.powerOn("activate-cut", cutActivate, POWER_ON, "@@vm cut now");
        Path cutConfirm = step("healthcheck-cut", """
                run healthcheck KUBESOLO_UPDATE_CRASH_AT=grubenv.renamed kubesolo-update healthcheck
                mark "cut now"
                sleep 600
                """);
        VmMachine.Console boot10 = vm.powerOn("healthcheck-cut", cutConfirm, POWER_ON, "@@vm cut now");
        assertThat(boot10.boots()).hasSize(1).allSatisfy(boot -> assertThat(boot)
                .isIn("A v4.0.0", "B v5.0.0"));
        VmMachine.Console boot11 = vm.powerOn("after-cuts", confirm, POWER_ON);
        assertThat(boot11.boots()).hasSize(1).allSatisfy(boot -> assertThat(boot)
                .isIn("A v4.0.0", "B v5.0.0"));
        assertThat(boot11.exit("healthcheck")).as(boot11.output("healthcheck")).isZero();
        BootState last = vm.grubEnv();
        assertThat(last.bootSuccess()).isTrue();
        assertThat(last.bootCounter()).isEqualTo(3);
        System.out.printf(
                "[vm] whole scenario: %d s%n",
                Duration.ofNanos(System.nanoTime() - start).toSeconds());
    }

    private static Path buildOsInitramfs(Path pubkey) throws IOException, InterruptedException {
        Path agent = WORK.resolve("agent");
        VmMachine.script(Duration.ofMinutes(2), "agent-tree.sh", agent.toString());
        Path conf = WORK.resolve("conf/etc/kubesolo");
        Files.createDirectories(conf);
        Files.copy(pubkey, conf.resolve("release.pub"));
        Files.writeString(conf.resolve("update.conf"), """
                pubkey=/etc/kubesolo/release.pub
                kubeconfig=none
                health_checks=data_partition
                """);
        Path os = WORK.resolve("kubesolo-os.gz");
        VmMachine.script(
                Duration.ofMinutes(5),
                "make-initramfs.sh",
                os.toString(),
                VmMachine.SCRIPTS.resolve("init").toString(),
                agent.toString(),
                WORK.resolve("conf").toString());
        return os;
    }

    /** A release whose init exits at once: the kernel panics and (panic=) reboots. */
    private static Path buildBrokenInitramfs() throws IOException, InterruptedException {
        Path init = Files.writeString(
                WORK.resolve("broken-init"), "#!/bin/busybox sh\necho '@@vm broken release'\nexit 1\n");
        Path broken = WORK.resolve("broken.gz");
        VmMachine.script(Duration.ofMinutes(2), "make-initramfs.sh", broken.toString(), init.toString());
        return broken;
    }

    /** {@code initramfs} with a second, uncompressed archive of random bytes appended (the kernel unpacks both). */
    private static Path padded(Path initramfs, int size) throws IOException, InterruptedException {
        Path padding = WORK.resolve("padding");
        Files.createDirectories(padding);
        byte[] bytes = new byte[size];
        new Random(11).nextBytes(bytes);
        Files.write(padding.resolve("padding.bin"), bytes);
        Path big = WORK.resolve("big.gz");
        Files.copy(initramfs, big);
        Process cpio = new ProcessBuilder("cpio", "-o", "-H", "newc", "--quiet")
                .directory(padding.toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(big.toFile()))
                .start();
        cpio.getOutputStream().write("padding.bin\n".getBytes(StandardCharsets.UTF_8));
        cpio.getOutputStream().close();
        assertThat(cpio.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(cpio.exitValue()).isZero();
        return big;
    }

    private static Path slotWith(Path kernel, Path initramfs, String version) throws IOException {
        Path slot = WORK.resolve("slot-" + version);
        Files.createDirectories(slot);
        Files.copy(kernel, slot.resolve("vmlinuz"));
        Files.copy(initramfs, slot.resolve("kubesolo-os.gz"));
        Files.writeString(slot.resolve("version"), version + "\n");
        return slot;
    }

    private static Path newestCloudKernel() throws IOException {
        try (var kernels = Files.list(Path.of("/boot"))) {
            return kernels.filter(path -> path.getFileName().toString().matches("vmlinuz-.*-cloud-amd64"))
                    .sorted()
                    .reduce((first, second) -> second)
                    .orElseThrow(() ->
                            new AssertionError("no /boot/vmlinuz-*-cloud-amd64: run scripts/install-test-deps.sh"));
        }
    }

    /** A USB stick's content: {@code step.sh} for the guest's /init and, once pushed, release/. */
    private static Path step(String name, String script) throws IOException {
        Path dir = WORK.resolve("usb-" + name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("step.sh"), script, StandardCharsets.UTF_8);
        return dir;
    }

    private static void push(
            Path usb, Path kernel, Path initramfs, String version, String architecture, String tag, Path keys) {
        ReleasePush push = ReleasePush.of(
                        "oci-layout:" + usb.resolve("release").toAbsolutePath(), kernel, initramfs, version)
                .architecture(architecture)
                .tags(tag);
        if (keys != null) {
            push.flags("--sign-key", keys.resolve("release.key").toString());
        }
        push.run();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static long number(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("'%s' on the console:\n%s", regex, text).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static void ok(CommandRun run) {
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }
}
