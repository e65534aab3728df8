package io.kubesolo.update.cli;

import io.kubesolo.update.config.UpdateConf;
import io.kubesolo.update.fs.DeviceRoot;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Flags every device command shares: where the device is, its configuration and its state. */
final class DeviceOptions {

    static final String DEFAULT_CONF = "/etc/kubesolo/update.conf";
    static final String DEFAULT_STATE = "/var/lib/kubesolo/update/state.json";

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "/",
            description = "Device root: every absolute path resolves under DIR (default: ${DEFAULT-VALUE}).")
    Path root;

    @Option(names = "--conf", paramLabel = "PATH",
            description = "Configuration file (default: " + DEFAULT_CONF + ", under --root).")
    String conf;

    @Option(names = "--state", paramLabel = "PATH",
            description = "State file (default: " + DEFAULT_STATE + ", under --root).")
    String state;

    DeviceRoot deviceRoot() {
        return DeviceRoot.of(root);
    }

    UpdateConf loadConf() {
        return UpdateConf.load(deviceRoot().resolve(conf == null ? DEFAULT_CONF : conf));
    }

    Path statePath() {
        return deviceRoot().resolve(state == null ? DEFAULT_STATE : state);
    }
}
