package io.kubesolo.update.testing;

import io.kubesolo.update.slot.DeviceNumber;
import io.kubesolo.update.slot.MountTable;
import io.kubesolo.update.slot.ProcessRunner;
import io.kubesolo.update.slot.SlotLabels;
import io.kubesolo.update.slot.SlotName;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test disk laid out like a KubeSolo OS disk (spec §1, in megabytes instead of gigabytes): a
 * sparse GPT image made with {@code sgdisk}, partitions KSOLOEFI, KSOLOA, KSOLOB, KSOLODATA, each
 * attached as its own loop device ({@code losetup --offset --sizelimit}; without udev,
 * {@code losetup -P} makes no partition nodes). A, B and DATA carry ext4 file systems; EFI is left
 * raw for tests to put something else on.
 *
 * <p>File system labels are given by the test, normally {@link #uniqueLabels()}, so that disks of
 * other test runs (or leftovers of a killed one) are never found by label. {@link #close()}
 * unmounts whatever is still mounted from the disk and detaches every loop device, whatever the
 * test did; creating a disk that fails half-way detaches what it attached.
 */
public final class LoopDisk implements AutoCloseable {

    private static final long MIB = 1024 * 1024;
    private static final long SECTOR = 512;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern FIRST_SECTOR = Pattern.compile("First sector: (\\d+)");
    private static final Pattern LAST_SECTOR = Pattern.compile("Last sector: (\\d+)");

    /** GPT partition names in disk order, as on a KubeSolo OS disk. */
    private static final List<String> PARTITIONS = List.of("KSOLOEFI", "KSOLOA", "KSOLOB", "KSOLODATA");

    private final ProcessRunner runner = new ProcessRunner();
    private final Path image;
    private final SlotLabels labels;
    private final Map<String, Path> loopDevices = new LinkedHashMap<>();

    private LoopDisk(Path image, SlotLabels labels) {
        this.image = image;
        this.labels = labels;
    }

    /** Labels no other disk on this machine has: {@code KSA<hex>}, {@code KSB<hex>}. */
    public static SlotLabels uniqueLabels() {
        String suffix = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        return new SlotLabels("KSA" + suffix, "KSB" + suffix);
    }

    /** Makes the image in {@code directory}, attaches its partitions and formats A, B and DATA. */
    public static LoopDisk create(Path directory, SlotLabels labels) {
        LoopDisk disk = new LoopDisk(directory.resolve("disk.img"), labels);
        try {
            disk.build();
            return disk;
        } catch (RuntimeException | IOException e) {
            try {
                disk.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new IllegalStateException("cannot create the loop disk: " + e.getMessage(), e);
        }
    }

    private void build() throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(96 * MIB);
        }
        runner.runOrFail(
                COMMAND_TIMEOUT,
                "sgdisk",
                "-n1:0:+8M",
                "-t1:ef00",
                "-c1:KSOLOEFI",
                "-n2:0:+24M",
                "-t2:8300",
                "-c2:KSOLOA",
                "-n3:0:+24M",
                "-t3:8300",
                "-c3:KSOLOB",
                "-n4:0:0",
                "-t4:8300",
                "-c4:KSOLODATA",
                image.toString());
        for (int number = 1; number <= PARTITIONS.size(); number++) {
            String partition = runner.runOrFail(COMMAND_TIMEOUT, "sgdisk", "-i" + number, image.toString());
            long first = sector(FIRST_SECTOR, partition);
            long last = sector(LAST_SECTOR, partition);
            String device = runner.runOrFail(
                            COMMAND_TIMEOUT,
                            "losetup",
                            "--find",
                            "--show",
                            "--offset",
                            Long.toString(first * SECTOR),
                            "--sizelimit",
                            Long.toString((last - first + 1) * SECTOR),
                            image.toString())
                    .strip();
            loopDevices.put(PARTITIONS.get(number - 1), Path.of(device));
        }
        format(device(SlotName.A), labels.a());
        format(device(SlotName.B), labels.b());
        format(dataDevice(), "KSD" + labels.a().substring(3));
    }

    private void format(Path device, String label) {
        runner.runOrFail(COMMAND_TIMEOUT, "mkfs.ext4", "-q", "-F", "-L", label, device.toString());
    }

    private static long sector(Pattern pattern, String sgdiskInfo) {
        Matcher matcher = pattern.matcher(sgdiskInfo);
        if (!matcher.find()) {
            throw new IllegalStateException("sgdisk -i printed no '" + pattern + "': " + sgdiskInfo);
        }
        return Long.parseLong(matcher.group(1));
    }

    public SlotLabels labels() {
        return labels;
    }

    public Path image() {
        return image;
    }

    public Path device(SlotName slot) {
        return loopDevices.get(slot == SlotName.A ? "KSOLOA" : "KSOLOB");
    }

    public Path efiDevice() {
        return loopDevices.get("KSOLOEFI");
    }

    public Path dataDevice() {
        return loopDevices.get("KSOLODATA");
    }

    /** Runs a command of the test's own (mkswap, mount elsewhere, ...) with the disk's runner. */
    public String run(String... command) {
        return runner.runOrFail(COMMAND_TIMEOUT, command);
    }

    /** SHA-256 of every byte of a slot's partition, read from its loop device. */
    public String sha256(SlotName slot) throws IOException {
        MessageDigest digest = newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(device(slot)), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Whether any loop device is still attached to the image (losetup -j). */
    public boolean anyLoopDeviceAttached() {
        return !runner.runOrFail(COMMAND_TIMEOUT, "losetup", "-j", image.toString())
                .isBlank();
    }

    /**
     * Unmounts every mount of the disk's partitions (innermost first), detaches every loop device
     * and deletes the image. Goes on after a failure and reports the first, the others suppressed.
     */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        MountTable mountTable = MountTable.ofThisProcess();
        for (Path device : loopDevices.values()) {
            try {
                List<MountTable.Mount> mounts = new ArrayList<>(mountTable.mountsOf(DeviceNumber.of(device)));
                for (int i = mounts.size() - 1; i >= 0; i--) {
                    Path mountPoint = mounts.get(i).mountPoint();
                    if (!runner.run(COMMAND_TIMEOUT, "umount", mountPoint.toString())
                            .succeeded()) {
                        runner.runOrFail(COMMAND_TIMEOUT, "umount", "--lazy", mountPoint.toString());
                    }
                }
            } catch (RuntimeException e) {
                failures.add(e);
            }
            try {
                runner.runOrFail(COMMAND_TIMEOUT, "losetup", "-d", device.toString());
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        loopDevices.clear();
        try {
            Files.deleteIfExists(image);
        } catch (IOException e) {
            failures.add(new IllegalStateException("cannot delete " + image + ": " + e.getMessage(), e));
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
