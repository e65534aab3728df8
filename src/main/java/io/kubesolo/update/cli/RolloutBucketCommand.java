package io.kubesolo.update.cli;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.RolloutPercent;
import io.kubesolo.update.UpdateException;
import io.kubesolo.update.policy.MachineId;
import io.kubesolo.update.policy.RolloutBucket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rollout-bucket}: which machines a phased rollout reaches, computed where the operator is.
 * Prints one line per machine, {@code <bucket> <machine-id>}, and with {@code --percent} whether
 * it takes the release ({@code takes}) or waits ({@code waits}). Without ids it reads this
 * machine's, as {@code check} does.
 */
@Command(
        description = {
            "Print the rollout bucket (0.00 to 99.99) of machines for a release: a machine takes a release rolled"
                    + " out to P percent when its bucket is below P. The bucket is the first 8 bytes of"
                    + " SHA-256(\"<machine-id>:<version>\") as an unsigned number, modulo 10000, divided by 100.",
            "Without --machine-id or --from, this machine's id (/etc/machine-id under --root)."
        })
final class RolloutBucketCommand implements Callable<Integer>, TakesCodedOptions {

    @Spec
    CommandSpec spec;

    // No mixinStandardHelpOptions: its --version would clash with the release's --version.
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    final DeviceOptions device = new DeviceOptions();

    @Override
    public void addCodedOptions(CommandSpec model) {
        device.addTo(model);
    }

    @Option(
            names = "--version",
            required = true,
            paramLabel = "VERSION",
            description = "The release's version exactly as it states it, e.g. v0.4.0.")
    String version;

    @Option(names = "--machine-id", paramLabel = "ID", description = "A machine id, repeatable.")
    List<String> machineIds = new ArrayList<>();

    @Option(names = "--from", paramLabel = "FILE", description = "A file of machine ids, one a line ('-': stdin).")
    String from;

    @Option(
            names = "--percent",
            paramLabel = "PERCENT",
            converter = RolloutPercentConverter.class,
            description = "Also say whether each machine takes a release rolled out to PERCENT.")
    RolloutPercent percent;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<String> ids = new ArrayList<>(machineIds);
        if (from != null) {
            ids.addAll(readIds());
        }
        if (ids.isEmpty()) {
            ids.add(MachineId.of(
                            device.deviceRoot(),
                            warning -> Log.warn(spec.commandLine().getErr(), warning))
                    .value());
        }
        for (String id : ids) {
            RolloutBucket bucket = RolloutBucket.of(id, version);
            out.println(bucket + " " + id + (percent == null ? "" : bucket.isWithin(percent) ? " takes" : " waits"));
        }
        out.flush();
        return ExitCodes.SUCCESS;
    }

    /** Machine ids one a line; blank lines and {@code #} comments are skipped. */
    private List<String> readIds() throws IOException {
        if (!from.equals("-") && !Files.isRegularFile(Path.of(from))) {
            throw new UpdateException(Outcome.USAGE, "--from " + from + ": no such file");
        }
        try (BufferedReader reader = from.equals("-")
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(from), StandardCharsets.UTF_8)) {
            return reader.lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        }
    }
}
