package io.kubesolo.update.grub;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.slot.SlotName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Boots the real GRUB in user space ({@code grub-emu}, Debian package grub-emu) from an ext2 disk
 * image holding {@code /boot/grub/grub.cfg} and {@code /boot/grub/grubenv}, so that GRUB's own
 * {@code load_env}/{@code save_env} run. The image is built with {@code mke2fs -d} and read back with
 * {@code debugfs}: no mount, no loop device. Missing programs fail the test.
 */
final class GrubEmu {

    private static final Path GRUB_EMU = Path.of("/usr/bin/grub-emu");
    private static final Path MKE2FS = Path.of("/usr/sbin/mke2fs");
    private static final Path DEBUGFS = Path.of("/usr/sbin/debugfs");
    private static final Pattern BOOTED = Pattern.compile("BOOT ([AB])");

    /** The slot the script chose and the block GRUB saved. */
    @SuppressWarnings("ArrayRecordComponent") // test data, read field by field, never compared as a whole
    record Boot(SlotName slot, byte[] grubenv) {}

    private final Path dir;

    GrubEmu(Path dir) {
        this.dir = dir;
    }

    /**
     * Runs {@code bootRule} then prints the chosen slot and halts; returns what GRUB booted and saved.
     */
    Boot boot(String bootRule, byte[] grubenv) throws IOException, InterruptedException {
        Path root = dir.resolve("root");
        Path grubDir = Files.createDirectories(root.resolve("boot/grub"));
        Files.writeString(
                grubDir.resolve("grub.cfg"), bootRule + "echo \"BOOT ${active_slot}\"\nhalt\n", StandardCharsets.UTF_8);
        Files.write(grubDir.resolve("grubenv"), grubenv);
        Path disk = dir.resolve("disk.img");
        Files.deleteIfExists(disk);
        run(List.of(MKE2FS.toString(), "-q", "-F", "-t", "ext2", "-d", root.toString(), disk.toString(), "4M"));
        Path deviceMap = dir.resolve("device.map");
        Files.writeString(deviceMap, "(hd0) " + disk + "\n");

        String output = run(List.of(GRUB_EMU.toString(), "-m", deviceMap.toString(), "-r", "hd0", "-d", "/boot/grub"));
        Matcher booted = BOOTED.matcher(output);
        assertThat(booted.find())
                .as("GRUB printed the slot it boots; it printed: %s", output)
                .isTrue();

        Path saved = dir.resolve("saved-grubenv");
        Files.deleteIfExists(saved);
        run(List.of(DEBUGFS.toString(), "-R", "dump /boot/grub/grubenv " + saved, disk.toString()));
        return new Boot(SlotName.valueOf(booted.group(1)), Files.readAllBytes(saved));
    }

    /** Runs a command to completion within 30 s, expects exit status 0; returns stdout and stderr. */
    private String run(List<String> command) throws IOException, InterruptedException {
        assertThat(Path.of(command.get(0)))
                .as("%s must be installed (scripts/install-test-deps.sh)", command.get(0))
                .isExecutable();
        Path output = dir.resolve("command.out");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(command + " did not finish in 30 s");
        }
        String printed = Files.readString(output, StandardCharsets.ISO_8859_1);
        assertThat(process.exitValue()).as("%s printed: %s", command, printed).isZero();
        return printed;
    }
}
