package io.kubesolo.update.slot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The label of the file system on a block device, read from its superblock as {@code blkid}
 * would, but without util-linux (a busybox system has no {@code blkid}). Two kinds are known:
 * <ul>
 *   <li>ext2/3/4 (the system slots and KSOLODATA): {@code s_volume_name}, 16 bytes at offset
 *       0x78 of the superblock at byte 1024, when the magic 0xEF53 is at its offset 0x38;</li>
 *   <li>FAT12/16/32 (KSOLOEFI): the volume label of the boot sector's extended BIOS parameter
 *       block, 11 bytes, at 0x47 (FAT32) or 0x2B (FAT12/16), when the boot signature 0x29 is
 *       present. The label entry in the root directory, which some tools write alone, is not read.</li>
 * </ul>
 */
public final class FileSystemLabel {

    /** How much of a device {@link #parse} needs: the boot sector and the ext superblock's start. */
    static final int HEAD_BYTES = 2048;

    private static final int EXT_SUPERBLOCK = 1024;
    private static final int EXT_MAGIC_OFFSET = EXT_SUPERBLOCK + 0x38;
    private static final int EXT_MAGIC = 0xEF53;
    private static final int EXT_LABEL_OFFSET = EXT_SUPERBLOCK + 0x78;
    private static final int EXT_LABEL_BYTES = 16;

    private static final int FAT_BOOT_SIGNATURE_OFFSET = 510;
    private static final int FAT_SECTORS_PER_FAT_16 = 0x16;
    private static final int FAT32_EBPB = 0x40;
    private static final int FAT16_EBPB = 0x24;
    /** Within the extended BPB: the signature byte 0x29, then serial (4), then the label (11). */
    private static final int EBPB_SIGNATURE = 2;

    private static final int EBPB_LABEL = 7;
    private static final int FAT_LABEL_BYTES = 11;
    /** What mkfs tools write when there is no label. */
    private static final String FAT_NO_LABEL = "NO NAME";

    private FileSystemLabel() {}

    /** The label of the file system on {@code device}, empty when it has none or is neither kind. */
    public static Optional<String> read(Path device) throws IOException {
        try (InputStream in = Files.newInputStream(device)) {
            return parse(in.readNBytes(HEAD_BYTES));
        }
    }

    /** The label in a device's first {@link #HEAD_BYTES} bytes (fewer for a tiny device). */
    static Optional<String> parse(byte[] head) {
        if (head.length >= EXT_LABEL_OFFSET + EXT_LABEL_BYTES && unsigned16(head, EXT_MAGIC_OFFSET) == EXT_MAGIC) {
            return nonEmpty(text(head, EXT_LABEL_OFFSET, EXT_LABEL_BYTES));
        }
        if (head.length >= 512 && unsigned16(head, FAT_BOOT_SIGNATURE_OFFSET) == 0xAA55) {
            // FAT32 is the one with no 16-bit sectors-per-FAT count; its extended BPB comes later.
            int ebpb = unsigned16(head, FAT_SECTORS_PER_FAT_16) == 0 ? FAT32_EBPB : FAT16_EBPB;
            if ((head[ebpb + EBPB_SIGNATURE] & 0xff) == 0x29) {
                return nonEmpty(text(head, ebpb + EBPB_LABEL, FAT_LABEL_BYTES)).filter(l -> !l.equals(FAT_NO_LABEL));
            }
        }
        return Optional.empty();
    }

    private static int unsigned16(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) | (bytes[offset + 1] & 0xff) << 8;
    }

    /** A fixed-size label field: up to the first NUL, trailing spaces (FAT's padding) dropped. */
    private static String text(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8).stripTrailing();
    }

    private static Optional<String> nonEmpty(String label) {
        return label.isEmpty() ? Optional.empty() : Optional.of(label);
    }
}
