package io.kubesolo.update.cli;

import io.kubesolo.update.config.ConfKey;
import io.kubesolo.update.config.Setting;
import io.kubesolo.update.config.UpdateConf;
import io.kubesolo.update.policy.MaintenanceWindow;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** Flags of {@code check} and {@code apply} that set the trust policy and the gates. */
final class PolicyOptions {

    String channel;
    List<String> pubkeys = new ArrayList<>();
    String maintenanceWindow;
    boolean force;
    boolean allowDowngrade;
    boolean reinstall;
    boolean allowExpired;
    boolean ignoreRollout;

    /** Adds the flags to {@code command}, bound to this. */
    void addTo(CommandSpec command) {
        command.addOption(CodedModel.option(String.class, () -> channel, value -> channel = value, "--channel")
                .paramLabel("NAME")
                .description(
                        "Channel this device follows; a release on another channel is refused (update.conf: channel).")
                .build());
        command.addOption(CodedModel.list(String.class, () -> pubkeys, value -> pubkeys = value, "--pubkey")
                .paramLabel("PATH")
                .description("Trusted Ed25519 public key file or directory, repeatable; with one, releases must be "
                        + "signed by a trusted key (update.conf: pubkey, comma-separated). Absolute paths resolve"
                        + " under --root.")
                .build());
        command.addOption(CodedModel.option(
                        String.class,
                        () -> maintenanceWindow,
                        value -> maintenanceWindow = value,
                        "--maintenance-window")
                .paramLabel("HH:MM-HH:MM")
                .description("Local time span in which updates may be applied; may wrap midnight "
                        + "(update.conf: maintenance_window).")
                .build());
        command.addOption(CodedModel.option(boolean.class, () -> force, value -> force = value, "--force")
                .description("Skip the maintenance window and the node block label.")
                .build());
        command.addOption(CodedModel.option(
                        boolean.class, () -> allowDowngrade, value -> allowDowngrade = value, "--allow-downgrade")
                .description("Allow a release older than the running version.")
                .build());
        command.addOption(CodedModel.option(boolean.class, () -> reinstall, value -> reinstall = value, "--reinstall")
                .description("Stage the release even when it is the running version.")
                .build());
        command.addOption(
                CodedModel.option(boolean.class, () -> allowExpired, value -> allowExpired = value, "--allow-expired")
                        .description(
                                "Take a release past its signed expiry; only for a machine whose clock is known to be wrong.")
                        .build());
        command.addOption(CodedModel.option(
                        boolean.class, () -> ignoreRollout, value -> ignoreRollout = value, "--ignore-rollout")
                .description("Take the release even when its phased rollout has not reached this machine's bucket yet"
                        + " (--force does not).")
                .build());
    }

    /** The maintenance window: --maintenance-window, else update.conf's maintenance_window, else always open. */
    MaintenanceWindow window(UpdateConf conf) {
        return MaintenanceWindow.parse(
                Setting.of(maintenanceWindow, conf, ConfKey.MAINTENANCE_WINDOW).orElse(null));
    }
}
