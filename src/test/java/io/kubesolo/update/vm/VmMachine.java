package io.kubesolo.update.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.grub.BootControl;
import io.kubesolo.update.grub.BootState;
import io.kubesolo.update.grub.GrubEnvFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The VM of the boot test, driven through the scripts in src/test/vm (docs/boot-test.md): one disk
 * image, powered on once per step with a "USB stick" holding that step's script and releases,
 * read from outside between power-ons.
 */
final class VmMachine {

    static final Path SCRIPTS = Path.of("src/test/vm");

    private final Path work;
    private final Path disk;
    private final Map<String, Long> offsets;
    private int powerOns;

    private VmMachine(Path work, Path disk, Map<String, Long> offsets) {
        this.work = work;
        this.disk = disk;
        this.offsets = offsets;
    }

    /** Builds the disk: the shipped grub.cfg, {@code localCfg}, slot A from {@code slotA}. */
    static VmMachine build(Path work, Path grubCfg, Path localCfg, Path slotA)
            throws IOException, InterruptedException {
        Path disk = work.resolve("disk.img");
        String out = script(
                Duration.ofMinutes(5),
                "make-disk.sh",
                disk.toString(),
                grubCfg.toString(),
                localCfg.toString(),
                slotA.toString());
        Map<String, Long> offsets = new TreeMap<>();
        for (String line : out.strip().split("\n", -1)) {
            String[] pair = line.split("=", -1);
            offsets.put(pair[0], Long.parseLong(pair[1]));
        }
        return new VmMachine(work, disk, offsets);
    }

    /** Runs a script of src/test/vm, bounded; its output, or an AssertionError with it. */
    static String script(Duration timeout, String name, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(SCRIPTS.resolve(name).toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("vm-script", ".out");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(name + " did not finish in " + timeout + ":\n" + Files.readString(output));
            }
            String text = Files.readString(output);
            assertThat(process.exitValue()).as(name + " failed:\n" + text).isZero();
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** One power-on until the guest powers off, or until {@code cutAt} is on the console (then a power cut). */
    Console powerOn(String name, Path step, Duration timeout, String cutAt) throws IOException, InterruptedException {
        powerOns++;
        Path log = work.resolve(String.format("%02d-%s.log", powerOns, name));
        long start = System.nanoTime();
        List<String> args = new ArrayList<>(
                List.of(disk.toString(), step.toString(), log.toString(), Long.toString(timeout.toSeconds())));
        if (cutAt != null) {
            args.add(cutAt);
        }
        script(timeout.plusMinutes(1), "power-on.sh", args.toArray(String[]::new));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Console console = new Console(name, Files.readString(log, StandardCharsets.ISO_8859_1), took);
        System.out.println(console.timings());
        if (cutAt != null) {
            assertThat(console.text())
                    .as("the power was cut at '%s', not after a power-off", cutAt)
                    .contains(cutAt)
                    .doesNotContain("@@vm poweroff");
        }
        return console;
    }

    Console powerOn(String name, Path step, Duration timeout) throws IOException, InterruptedException {
        return powerOn(name, step, timeout, null);
    }

    /** The GRUB variables as they are on the disk now, read with mtools from the FAT partition. */
    BootState grubEnv() throws IOException, InterruptedException {
        Path copy = work.resolve("grubenv");
        Files.deleteIfExists(copy);
        Process mcopy = new ProcessBuilder(
                        "mcopy", "-i", disk + "@@" + offsets.get("KSOLOEFI"), "::boot/grub/grubenv", copy.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        mcopy.getOutputStream().close();
        assertThat(mcopy.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(mcopy.exitValue()).as("mcopy of grubenv").isZero();
        return new BootControl(new GrubEnvFile(copy)).read();
    }

    /** What one power-on printed on the serial console. */
    record Console(String name, String text, Duration took) {

        private static final Pattern EXIT = Pattern.compile("@@vm exit ([a-z0-9-]+)=(\\d+) t=([0-9.]+)");
        private static final Pattern RUN = Pattern.compile("@@vm run ([a-z0-9-]+) t=([0-9.]+)");
        private static final Pattern BOOTED = Pattern.compile("@@vm booted slot=([AB]) version=(\\S*) t=([0-9.]+)");

        /** The exit status of the agent command the step ran as {@code run NAME}. */
        int exit(String command) {
            Matcher matcher = EXIT.matcher(text);
            while (matcher.find()) {
                if (matcher.group(1).equals(command)) {
                    return Integer.parseInt(matcher.group(2));
                }
            }
            throw new AssertionError("no exit status of '" + command + "' on the console of " + name + ":\n" + text);
        }

        /** What {@code run NAME} printed. */
        String output(String command) {
            int start = text.indexOf("@@vm run " + command + " ");
            int end = text.indexOf("@@vm exit " + command + "=", start);
            assertThat(start)
                    .as("'%s' ran on the console of %s:\n%s", command, name, text)
                    .isNotNegative();
            return end < 0 ? text.substring(start) : text.substring(start, end);
        }

        /** Each {@code booted slot=S version=V} line, in order. */
        List<String> boots() {
            List<String> boots = new ArrayList<>();
            Matcher matcher = BOOTED.matcher(text);
            while (matcher.find()) {
                boots.add(matcher.group(1) + " " + matcher.group(2));
            }
            return boots;
        }

        String timings() {
            StringBuilder line = new StringBuilder("[vm] " + name + ": " + took.toSeconds() + " s");
            Matcher boot = BOOTED.matcher(text);
            while (boot.find()) {
                line.append(", booted ")
                        .append(boot.group(1))
                        .append(' ')
                        .append(boot.group(2))
                        .append(" at ")
                        .append(boot.group(3))
                        .append(" s");
            }
            Matcher run = RUN.matcher(text);
            while (run.find()) {
                Matcher exit = Pattern.compile("@@vm exit " + run.group(1) + "=(\\d+) t=([0-9.]+)")
                        .matcher(text);
                if (exit.find(run.end())) {
                    line.append(", ")
                            .append(run.group(1))
                            .append(' ')
                            .append(String.format(
                                    "%.1f s", Double.parseDouble(exit.group(2)) - Double.parseDouble(run.group(2))));
                }
            }
            return line.toString();
        }
    }
}
