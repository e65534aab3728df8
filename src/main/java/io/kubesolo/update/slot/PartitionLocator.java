package io.kubesolo.update.slot;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the partition holding the file system with a given label by reading the label of every
 * block device the kernel lists in {@code /sys/class/block} ({@link FileSystemLabel}): no
 * util-linux, no udev needed, so it works on a busybox system. Every device is read afresh, so a
 * partition relabelled a moment ago is found under its new label.
 *
 * <p>All matches are collected, not just the first: when two partitions carry the label, e.g. a
 * second KubeSolo disk plugged in, the agent refuses to guess which one it is about to overwrite.
 * (For the same reason {@code /dev/disk/by-label}, where udev keeps one link per label, is only
 * the fallback for a system without sysfs.)
 */
public final class PartitionLocator {

    private final Path sysClassBlock;
    private final Path dev;

    /**
     * @param sysClassBlock the kernel's list of block devices, {@code /sys/class/block}
     * @param dev           where their device nodes are, {@code /dev}
     */
    public PartitionLocator(Path sysClassBlock, Path dev) {
        this.sysClassBlock = sysClassBlock;
        this.dev = dev;
    }

    public static PartitionLocator onThisMachine() {
        return new PartitionLocator(Path.of("/sys/class/block"), Path.of("/dev"));
    }

    /** The device node of the one partition whose file system is labelled {@code label}. */
    public Path find(String label) {
        if (!Files.isDirectory(sysClassBlock)) {
            return byLabelLink(label);
        }
        List<Path> matches = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (Path node : deviceNodes()) {
            try {
                if (FileSystemLabel.read(node).filter(label::equals).isPresent()) {
                    matches.add(node);
                }
            } catch (IOException e) {
                unreadable.add(node + " (" + e.getMessage() + ")");
            }
        }
        if (matches.isEmpty()) {
            throw new SlotException("no partition labelled " + label
                    + (unreadable.isEmpty() ? "" : "; could not read " + String.join(", ", unreadable)));
        }
        if (matches.size() > 1) {
            throw new SlotException(matches.size() + " partitions are labelled " + label + " ("
                    + String.join(", ", matches.stream().map(Path::toString).toList())
                    + "); refusing to guess which one is the slot");
        }
        return matches.get(0);
    }

    /**
     * The device nodes of the block devices that have a medium: zero-sized ones (an unattached
     * loop device, an empty card reader) have no file system to read.
     */
    private List<Path> deviceNodes() {
        List<Path> nodes = new ArrayList<>();
        try (DirectoryStream<Path> devices = Files.newDirectoryStream(sysClassBlock)) {
            for (Path device : devices) {
                // sysfs writes '/' in a device name as '!' (cciss!c0d0 is /dev/cciss/c0d0).
                Path node = dev.resolve(device.getFileName().toString().replace('!', '/'));
                if (sectors(device).orElse(1L) > 0 && Files.exists(node)) {
                    nodes.add(node);
                }
            }
        } catch (IOException e) {
            throw new SlotException("cannot list the block devices in " + sysClassBlock + ": " + e.getMessage(), e);
        }
        nodes.sort(null);
        return nodes;
    }

    private static Optional<Long> sectors(Path sysDevice) {
        try {
            return Optional.of(
                    Long.parseLong(Files.readString(sysDevice.resolve("size")).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Path byLabelLink(String label) {
        Path link = dev.resolve("disk/by-label").resolve(label);
        if (!Files.exists(link)) {
            throw new SlotException("no partition labelled " + label + " (" + sysClassBlock + " is missing, so only "
                    + link + " was looked at)");
        }
        try {
            return link.toRealPath();
        } catch (IOException e) {
            throw new SlotException("cannot resolve " + link + ": " + e.getMessage(), e);
        }
    }
}
