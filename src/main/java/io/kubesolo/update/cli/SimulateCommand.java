package io.kubesolo.update.cli;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;
import io.kubesolo.update.fs.AtomicFiles;
import io.kubesolo.update.fs.DeviceRoot;
import io.kubesolo.update.grub.BootState;
import io.kubesolo.update.grub.GrubBootRule;
import io.kubesolo.update.grub.GrubEnv;
import io.kubesolo.update.grub.GrubEnvFile;
import io.kubesolo.update.policy.MachineId;
import io.kubesolo.update.slot.SlotFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simulate}: a directory tree standing in for a device (spec §11), for the demo, for tests
 * and for trying the agent without a spare machine. Refuses to run on the real root.
 */
@Command(
        mixinStandardHelpOptions = true,
        description = "Work with a simulated device (a directory given by --root), for demos and tests.",
        subcommands = {SimulateCommand.Init.class, SimulateCommand.Boot.class})
final class SimulateCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: init or boot");
    }

    static DeviceRoot simulatedRoot(DeviceOptions options) {
        DeviceRoot root = options.newDeviceRoot();
        if (root.isMachine()) {
            throw new UpdateException(Outcome.USAGE, "simulate works on a simulated device only: give --root DIR");
        }
        return root;
    }

    /** {@code simulate init}: a fresh device whose slot A runs a given version. */
    @Command(
            name = "init",
            description = "Create a simulated device: slot A holds --version and is active and confirmed,"
                    + " slot B is empty, update.conf runs the health checks a directory can pass.")
    static final class Init implements Callable<Integer>, TakesCodedOptions {

        @Spec
        CommandSpec spec;

        final DeviceOptions deviceOptions = new DeviceOptions();

        @Override
        public void addCodedOptions(CommandSpec model) {
            deviceOptions.addTo(model);
        }

        @Option(
                names = "--version",
                paramLabel = "VERSION",
                defaultValue = "v0.1.0",
                description = "Version installed in slot A (default: ${DEFAULT-VALUE}).")
        String version;

        /** Only --help: the standard mixin's --version would clash with the version to install. */
        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "Show this help message and exit.")
        boolean help;

        @Option(
                names = "--machine-id",
                paramLabel = "ID",
                description = "The device's /etc/machine-id, which places it in phased rollouts (default: random,"
                        + " as systemd writes one at first boot).")
        String machineId;

        @Override
        public Integer call() throws IOException {
            DeviceRoot root = simulatedRoot(deviceOptions);
            Path grubenv = root.resolve(GrubEnvFile.DEVICE_PATH);
            if (Files.exists(grubenv)) {
                throw new UpdateException(
                        Outcome.FAILED,
                        "a device already exists at " + root.path() + "; remove the directory to start afresh");
            }
            Path slotA = root.resolve("/slots/A");
            Files.createDirectories(root.resolve("/slots/B"));
            AtomicFiles.write(
                    slotA.resolve(SlotFile.KERNEL.fileName()),
                    ("simulated kernel " + version + "\n").getBytes(StandardCharsets.UTF_8));
            AtomicFiles.write(
                    slotA.resolve(SlotFile.INITRAMFS.fileName()),
                    ("simulated initramfs " + version + "\n").getBytes(StandardCharsets.UTF_8));
            AtomicFiles.write(
                    slotA.resolve(SlotFile.VERSION.fileName()), (version + "\n").getBytes(StandardCharsets.UTF_8));
            AtomicFiles.write(root.resolve(DeviceOptions.DEFAULT_CONF), """
                    # Simulated device: no containerd or Kubernetes here, so only the checks a directory
                    # tree can pass run; a real device runs them all (docs/health.md).
                    health_checks=data_partition,healthcheck_url
                    """.getBytes(StandardCharsets.UTF_8));
            AtomicFiles.write(
                    root.resolve(MachineId.DEVICE_PATH),
                    ((machineId != null
                                            ? machineId
                                            : UUID.randomUUID().toString().replace("-", "")) + "\n")
                            .getBytes(StandardCharsets.UTF_8));
            Files.createDirectories(root.resolve("/var/lib/kubesolo/update"));
            new GrubEnvFile(grubenv)
                    .create(GrubEnv.empty()
                            .with("active_slot", "A")
                            .with("boot_counter", String.valueOf(BootState.FULL_BOOT_COUNTER))
                            .with("boot_success", "1"));
            spec.commandLine().getOut().println("simulated device at " + root.path() + ": slot A runs " + version);
            spec.commandLine().getOut().flush();
            return ExitCodes.SUCCESS;
        }
    }

    /** {@code simulate boot}: what GRUB does when the machine starts (spec §1). */
    @Command(
            name = "boot",
            mixinStandardHelpOptions = true,
            description = "Reboot the simulated device: apply GRUB's boot rule to its GRUB environment"
                    + " and say which slot boots.")
    static final class Boot implements Callable<Integer>, TakesCodedOptions {

        @Spec
        CommandSpec spec;

        final DeviceOptions deviceOptions = new DeviceOptions();

        @Override
        public void addCodedOptions(CommandSpec model) {
            deviceOptions.addTo(model);
        }

        @Override
        public Integer call() {
            DeviceRoot root = simulatedRoot(deviceOptions);
            GrubEnvFile file = new GrubEnvFile(root.resolve(GrubEnvFile.DEVICE_PATH));
            GrubBootRule.boot(file);
            BootState booted = BootState.of(file.read());
            spec.commandLine()
                    .getOut()
                    .println("GRUB boots slot " + booted.activeSlot() + " (boot_counter=" + booted.bootCounter()
                            + ", boot_success=" + (booted.bootSuccess() ? 1 : 0) + ")");
            spec.commandLine().getOut().flush();
            return ExitCodes.SUCCESS;
        }
    }
}
