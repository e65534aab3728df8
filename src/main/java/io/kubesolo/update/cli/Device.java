package io.kubesolo.update.cli;

import io.kubesolo.update.LocalClock;
import io.kubesolo.update.config.ConfKey;
import io.kubesolo.update.config.UpdateConf;
import io.kubesolo.update.fs.DeviceLock;
import io.kubesolo.update.fs.DeviceRoot;
import io.kubesolo.update.grub.BootControl;
import io.kubesolo.update.grub.BootState;
import io.kubesolo.update.grub.BootedSlot;
import io.kubesolo.update.grub.GrubEnvFile;
import io.kubesolo.update.grub.GrubEnvLocation;
import io.kubesolo.update.metrics.LastRunStore;
import io.kubesolo.update.slot.SlotDevice;
import io.kubesolo.update.slot.Slots;
import io.kubesolo.update.state.StateStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.function.Function;

/**
 * The device a command works on, wired once from the shared flags and update.conf: where its
 * GRUB environment, slots, configuration and state are. Commands take what they need from it.
 */
final class Device {

    private final DeviceRoot root;
    private final UpdateConf conf;
    private final StateStore stateStore;
    private final LastRunStore lastRunStore;
    private final BootControl boot;
    private final SlotDevice slotDevice;
    private final Clock clock;

    private Device(
            DeviceRoot root,
            UpdateConf conf,
            StateStore stateStore,
            LastRunStore lastRunStore,
            BootControl boot,
            SlotDevice slotDevice,
            Clock clock) {
        this.root = root;
        this.conf = conf;
        this.stateStore = stateStore;
        this.lastRunStore = lastRunStore;
        this.boot = boot;
        this.slotDevice = slotDevice;
        this.clock = clock;
    }

    static Device open(DeviceOptions options, PrintWriter err) {
        DeviceRoot root = options.deviceRoot();
        UpdateConf conf = options.loadConf();
        conf.warnings().forEach(warning -> Log.warn(err, warning));
        StateStore stateStore = new StateStore(options.statePath(), warning -> Log.warn(err, warning));
        LastRunStore lastRunStore = LastRunStore.nextTo(options.statePath(), warning -> Log.warn(err, warning));
        GrubEnvFile grubEnv = GrubEnvLocation.find(root, conf.get(ConfKey.GRUBENV));
        return new Device(
                root,
                conf,
                stateStore,
                lastRunStore,
                new BootControl(grubEnv),
                SlotDevice.forRoot(root, conf),
                new LocalClock());
    }

    /** Opens the device and runs {@code change} holding its lock, so no other command changes it meanwhile. */
    static <T> T changeUnderLock(DeviceOptions options, PrintWriter err, String command, Function<Device, T> change) {
        Device device = open(options, err);
        try (DeviceLock lock = DeviceLock.acquire(device.root(), command)) {
            return change.apply(device);
        }
    }

    DeviceRoot root() {
        return root;
    }

    UpdateConf conf() {
        return conf;
    }

    StateStore stateStore() {
        return stateStore;
    }

    /** The record of the last check and downloads, next to the state file (docs/metrics.md). */
    LastRunStore lastRunStore() {
        return lastRunStore;
    }

    BootControl boot() {
        return boot;
    }

    SlotDevice slotDevice() {
        return slotDevice;
    }

    /** The slots, with the active one as the GRUB environment names it now and the one the system runs from. */
    Slots slots() {
        BootState state = boot.read();
        return new Slots(
                slotDevice, state.activeSlot(), BootedSlot.of(root, state).slot());
    }

    Clock clock() {
        return clock;
    }
}
