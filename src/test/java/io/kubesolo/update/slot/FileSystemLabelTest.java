package io.kubesolo.update.slot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Labels read from hand-built superblocks; {@code FileSystemLabelToolsTest} reads what mkfs writes. */
class FileSystemLabelTest {

    @Test
    void ext4LabelIsReadWhenTheMagicIsThere() {
        assertThat(FileSystemLabel.parse(ext4("KSOLOA"))).contains("KSOLOA");
    }

    @Test
    void ext4LabelOfAllSixteenBytesHasNoTerminator() {
        assertThat(FileSystemLabel.parse(ext4("ABCDEFGHIJKLMNOP"))).contains("ABCDEFGHIJKLMNOP");
    }

    @Test
    void ext4WithoutLabelHasNone() {
        assertThat(FileSystemLabel.parse(ext4(""))).isEmpty();
    }

    @Test
    void labelBytesWithoutTheExtMagicAreNotALabel() {
        byte[] head = ext4("KSOLOA");
        head[1024 + 0x38] = 0;
        assertThat(FileSystemLabel.parse(head)).isEmpty();
    }

    @Test
    void fat32LabelIsReadAndItsPaddingDropped() {
        assertThat(FileSystemLabel.parse(fat(true, "KSOLOEFI   "))).contains("KSOLOEFI");
    }

    @Test
    void fat16LabelIsReadFromItsOwnOffset() {
        assertThat(FileSystemLabel.parse(fat(false, "KSOLOEFI   "))).contains("KSOLOEFI");
    }

    @Test
    void fatNoNameMeansNoLabel() {
        assertThat(FileSystemLabel.parse(fat(true, "NO NAME    "))).isEmpty();
    }

    @Test
    void fatWithoutExtendedBootSignatureHasNoLabel() {
        byte[] head = fat(true, "KSOLOEFI   ");
        head[0x42] = 0;
        assertThat(FileSystemLabel.parse(head)).isEmpty();
    }

    @Test
    void zerosShortDevicesAndEmptyDevicesHaveNoLabel() {
        assertThat(FileSystemLabel.parse(new byte[FileSystemLabel.HEAD_BYTES])).isEmpty();
        assertThat(FileSystemLabel.parse(new byte[100])).isEmpty();
        assertThat(FileSystemLabel.parse(new byte[0])).isEmpty();
    }

    @Test
    void extSuperblockWinsOverABootSectorSignature() {
        byte[] head = ext4("KSOLOB");
        head[510] = 0x55;
        head[511] = (byte) 0xAA;
        assertThat(FileSystemLabel.parse(head)).isEqualTo(Optional.of("KSOLOB"));
    }

    /** The first 2 KiB of an ext4 file system labelled {@code label}. */
    static byte[] ext4(String label) {
        byte[] head = new byte[FileSystemLabel.HEAD_BYTES];
        head[1024 + 0x38] = 0x53;
        head[1024 + 0x39] = (byte) 0xEF;
        byte[] name = label.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(name, 0, head, 1024 + 0x78, name.length);
        return head;
    }

    /** The first 2 KiB of a FAT file system whose boot sector says {@code label} (11 characters). */
    static byte[] fat(boolean fat32, String label) {
        byte[] head = new byte[FileSystemLabel.HEAD_BYTES];
        head[0] = (byte) 0xEB;
        if (!fat32) {
            head[0x16] = 8; // sectors per FAT: only FAT12/16 count them here
        }
        int ebpb = fat32 ? 0x40 : 0x24;
        head[ebpb + 2] = 0x29;
        byte[] name = label.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, head, ebpb + 7, name.length);
        head[510] = 0x55;
        head[511] = (byte) 0xAA;
        return head;
    }
}
