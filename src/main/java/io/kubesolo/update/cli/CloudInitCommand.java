package io.kubesolo.update.cli;

import io.kubesolo.update.cloudinit.CloudInitException;
import io.kubesolo.update.cloudinit.UpdatesBlock;
import io.kubesolo.update.fs.AtomicFiles;
import io.kubesolo.update.fs.DeviceRoot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cloud-init}: writes update.conf from the {@code updates:} block of cloud-config user
 * data (spec §3). An empty or missing block leaves an existing update.conf exactly as it is.
 */
@Command(
        mixinStandardHelpOptions = true,
        description = {
            "Write update.conf from the top-level updates: block of cloud-config user data, atomically,"
                    + " replacing the whole file. Same key names as update.conf (docs/operations.md)."
                    + " An empty or missing block leaves an existing update.conf alone.",
            "Exit status: 0 written or left alone, 1 unreadable user data or a block update.conf cannot hold."
        })
final class CloudInitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--user-data",
            paramLabel = "FILE",
            required = true,
            description = "The cloud-config user data (YAML, as cloud-init stores it; not resolved under --root).")
    Path userData;

    @Option(
            names = "--root",
            paramLabel = "DIR",
            defaultValue = "/",
            description = "Device root: update.conf is written under DIR (default: ${DEFAULT-VALUE}).")
    Path root;

    @Option(
            names = "--conf",
            paramLabel = "PATH",
            defaultValue = DeviceOptions.DEFAULT_CONF,
            description = "The update.conf to write (default: ${DEFAULT-VALUE}, under --root).")
    String conf;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path target = DeviceRoot.of(root).resolve(conf);
        Optional<UpdatesBlock> block = UpdatesBlock.read(userData);
        if (block.isEmpty()) {
            out.println("no updates: block in " + userData + " (or an empty one); " + target + " left as it is");
        } else {
            try {
                AtomicFiles.write(target, block.get().toUpdateConf(userData).getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new CloudInitException("cannot write " + target + ": " + e.getMessage(), e);
            }
            out.println("wrote " + target + " from the updates: block of " + userData + ": "
                    + String.join(", ", block.get().values().keySet()));
        }
        out.flush();
        return ExitCodes.SUCCESS;
    }
}
