package io.kubesolo.update.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountTableTest {

    private static final String MOUNTINFO = """
                                            26 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard
                                            41 26 7:3 / /tmp/kubesolo\\040slot rw,relatime shared:5 - ext4 /dev/loop3 rw
                                            42 26 7:3 /sub /mnt/part ro,nosuid,nodev,noexec,relatime - ext4 /dev/loop3 rw
                                            43 26 259:65536 / /mnt/big ro,relatime - ext4 /dev/nvme0n1p2 ro
                                            """;

    @TempDir
    Path directory;

    @Test
    void findsEveryMountOfADeviceWithEscapedPaths() throws IOException {
        MountTable table = new MountTable(write(MOUNTINFO));

        List<MountTable.Mount> mounts = table.mountsOf(new DeviceNumber(7, 3));

        assertThat(mounts)
                .extracting(MountTable.Mount::mountPoint)
                .containsExactly(Path.of("/tmp/kubesolo slot"), Path.of("/mnt/part"));
        assertThat(mounts).extracting(MountTable.Mount::root).containsExactly("/", "/sub");
        assertThat(mounts).extracting(MountTable.Mount::readOnly).containsExactly(false, true);
    }

    @Test
    void findsTheMountAtADirectory() throws IOException {
        MountTable table = new MountTable(write(MOUNTINFO));

        assertThat(table.mountAt(Path.of("/mnt/big")))
                .get()
                .extracting(MountTable.Mount::device)
                .isEqualTo(new DeviceNumber(259, 65536));
        assertThat(table.mountAt(Path.of("/mnt"))).isEmpty();
    }

    @Test
    void malformedLineIsAnError() throws IOException {
        MountTable table = new MountTable(write("41 26 7-3 / /x rw - ext4 /dev/loop3 rw\n"));

        assertThatThrownBy(table::mounts)
                .isInstanceOf(SlotException.class)
                .hasMessageStartingWith("mount table line is not valid (not a major:minor device number: 7-3)");
    }

    @Test
    void unreadableTableIsAnError() {
        assertThatThrownBy(new MountTable(directory.resolve("absent"))::mounts)
                .isInstanceOf(SlotException.class)
                .hasMessageStartingWith("cannot read the mount table " + directory.resolve("absent"));
    }

    @Test
    void readsThisProcessesMountTable() {
        assertThat(MountTable.ofThisProcess().mountAt(Path.of("/"))).isPresent();
    }

    @Test
    void unescapesOnlyOctalEscapes() {
        assertThat(MountTable.unescape("a\\040b\\134c\\x\\04")).isEqualTo("a b\\c\\x\\04");
    }

    @Test
    void decodesLinuxDeviceNumbers() {
        assertThat(DeviceNumber.decode(0x0703)).isEqualTo(new DeviceNumber(7, 3));
        // The minor's high bits sit above the major's low twelve, the major's high bits above those.
        assertThat(DeviceNumber.decode((259L << 8) | (0x100L << 12) | 5)).isEqualTo(new DeviceNumber(259, 261));
        assertThat(DeviceNumber.decode((0x1000L << 32) | (1 << 8))).isEqualTo(new DeviceNumber(0x1001, 0));
    }

    @Test
    void aRegularFileIsNotABlockDevice() throws IOException {
        Path file = write("x");

        assertThatThrownBy(() -> DeviceNumber.of(file))
                .isInstanceOf(SlotException.class)
                .hasMessage(file + " is not a block device");
    }

    private Path write(String text) throws IOException {
        Path file = directory.resolve("mountinfo");
        Files.writeString(file, text);
        return file;
    }
}
