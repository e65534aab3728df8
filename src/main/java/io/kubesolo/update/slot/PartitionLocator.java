package io.kubesolo.update.slot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Finds the partition holding the file system with a given label, with {@code blkid(8)}.
 *
 * <p>blkid runs with {@code -c /dev/null}: every device is probed afresh, because a cached answer
 * may name a partition that has since been relabelled. All matches are asked for, not just the
 * first ({@code blkid -L} silently picks one): when two partitions carry the label, e.g. a second
 * KubeSolo disk plugged in, the agent refuses to guess which one it is about to overwrite.
 */
public final class PartitionLocator {

    /** blkid's exit status when no device matched (blkid(8), RETURN CODE). */
    private static final int BLKID_NOTHING_FOUND = 2;

    private final ProcessRunner runner;
    private final Duration timeout;

    public PartitionLocator(ProcessRunner runner, Duration timeout) {
        this.runner = runner;
        this.timeout = timeout;
    }

    /** The device node of the one partition whose file system is labelled {@code label}. */
    public Path find(String label) {
        ProcessRunner.Result result = runner.run(timeout, "blkid", "-c", "/dev/null", "-o", "device", "-t", "LABEL=" + label);
        if (result.exitCode() == BLKID_NOTHING_FOUND) {
            throw new SlotException("no partition labelled " + label);
        }
        if (!result.succeeded()) {
            throw new SlotException("cannot look for the partition labelled " + label + ": " + result.describeFailure());
        }
        List<String> devices = result.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (devices.isEmpty()) {
            throw new SlotException("no partition labelled " + label);
        }
        if (devices.size() > 1) {
            throw new SlotException(devices.size() + " partitions are labelled " + label + " (" + String.join(", ", devices)
                    + "); refusing to guess which one is the slot");
        }
        return Path.of(devices.get(0));
    }
}
