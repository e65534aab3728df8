package io.kubesolo.update.cli;

import io.kubesolo.update.config.ConfKey;
import io.kubesolo.update.config.Setting;
import io.kubesolo.update.config.UpdateConf;
import io.kubesolo.update.policy.MaintenanceWindow;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Flags of {@code check} and {@code apply} that set the trust policy and the gates. */
final class PolicyOptions {

    @Option(
            names = "--channel",
            paramLabel = "NAME",
            description =
                    "Channel this device follows; a release on another channel is refused (update.conf: channel).")
    String channel;

    @Option(
            names = "--pubkey",
            paramLabel = "PATH",
            description =
                    "Trusted Ed25519 public key file or directory, repeatable; with one, releases must be "
                            + "signed by a trusted key (update.conf: pubkey, comma-separated). Absolute paths resolve under --root.")
    List<String> pubkeys = new ArrayList<>();

    @Option(
            names = "--maintenance-window",
            paramLabel = "HH:MM-HH:MM",
            description = "Local time span in which updates may be applied; may wrap midnight "
                    + "(update.conf: maintenance_window).")
    String maintenanceWindow;

    @Option(names = "--force", description = "Skip the maintenance window and the node block label.")
    boolean force;

    @Option(names = "--allow-downgrade", description = "Allow a release older than the running version.")
    boolean allowDowngrade;

    @Option(names = "--reinstall", description = "Stage the release even when it is the running version.")
    boolean reinstall;

    @Option(
            names = "--allow-expired",
            description = "Take a release past its signed expiry; only for a machine whose clock is known to be wrong.")
    boolean allowExpired;

    @Option(
            names = "--ignore-rollout",
            description = "Take the release even when its phased rollout has not reached this machine's bucket yet"
                    + " (--force does not).")
    boolean ignoreRollout;

    /** The maintenance window: --maintenance-window, else update.conf's maintenance_window, else always open. */
    MaintenanceWindow window(UpdateConf conf) {
        return MaintenanceWindow.parse(
                Setting.of(maintenanceWindow, conf, ConfKey.MAINTENANCE_WINDOW).orElse(null));
    }
}
