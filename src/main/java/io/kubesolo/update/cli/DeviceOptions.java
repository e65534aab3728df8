package io.kubesolo.update.cli;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;
import io.kubesolo.update.config.UpdateConf;
import io.kubesolo.update.fs.DeviceRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Flags every device command shares: where the device is, its configuration and its state. Written
 * in code ({@link CodedModel}): the commands built from annotations take them through {@link
 * TakesCodedOptions}.
 */
final class DeviceOptions {

    static final String DEFAULT_CONF = "/etc/kubesolo/update.conf";
    static final String DEFAULT_STATE = "/var/lib/kubesolo/update/state.json";

    Path root = Path.of("/");
    String conf;
    String state;

    /** Adds {@code --root}, {@code --conf} and {@code --state} to {@code command}, bound to this. */
    void addTo(CommandSpec command) {
        command.addOption(CodedModel.option(Path.class, () -> root, value -> root = value, "--root")
                .paramLabel("DIR")
                .defaultValue("/")
                .description("Device root: every absolute path resolves under DIR (default: ${DEFAULT-VALUE}).")
                .build());
        command.addOption(CodedModel.option(String.class, () -> conf, value -> conf = value, "--conf")
                .paramLabel("PATH")
                .description("Configuration file (default: " + DEFAULT_CONF + ", under --root).")
                .build());
        command.addOption(CodedModel.option(String.class, () -> state, value -> state = value, "--state")
                .paramLabel("PATH")
                .description("State file (default: " + DEFAULT_STATE + ", under --root).")
                .build());
    }

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
