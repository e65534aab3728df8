package io.kubesolo.update.cli;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;
import io.kubesolo.update.config.UpdateConf;
import io.kubesolo.update.fs.DeviceRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Flags every device command shares: where the device is, its configuration and its state. */
final class DeviceOptions {

    static final String DEFAULT_CONF = "/etc/kubesolo/update.conf";
    static final String DEFAULT_STATE = "/var/lib/kubesolo/update/state.json";

    @Option(
            names = "--root",
            paramLabel = "DIR",
            defaultValue = "/",
            description = "Device root: every absolute path resolves under DIR (default: ${DEFAULT-VALUE}).")
    Path root;

    @Option(
            names = "--conf",
            paramLabel = "PATH",
            description = "Configuration file (default: " + DEFAULT_CONF + ", under --root).")
    String conf;

    @Option(
            names = "--state",
            paramLabel = "PATH",
            description = "State file (default: " + DEFAULT_STATE + ", under --root).")
    String state;

    /**
     * The device the command works on. A {@code --root} that does not exist is a failure: a
     * device command neither reports an empty device nor creates one (only {@code simulate init}
     * does, through {@link #newDeviceRoot}).
     */
    DeviceRoot deviceRoot() {
        if (!Files.isDirectory(root)) {
            throw new UpdateException(
                    Outcome.FAILED,
                    "device root " + root + " does not exist or is not a directory"
                            + " (a simulated device is made with 'kubesolo-update simulate init --root DIR')");
        }
        return DeviceRoot.of(root);
    }

    /** The root a new simulated device is created at; it need not exist yet. */
    DeviceRoot newDeviceRoot() {
        return DeviceRoot.of(root);
    }

    UpdateConf loadConf() {
        return UpdateConf.load(deviceRoot().resolve(conf == null ? DEFAULT_CONF : conf));
    }

    Path statePath() {
        return deviceRoot().resolve(state == null ? DEFAULT_STATE : state);
    }
}
