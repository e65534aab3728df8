package io.kubesolo.update.slot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labels read from file systems that mkfs.ext4 and mkfs.vfat made in image files. */
@Tag("system")
class FileSystemLabelToolsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private final ProcessRunner runner = new ProcessRunner();

    @Test
    void ext4LabelAsMkfsWritesIt() throws IOException {
        Path image = image("ext4.img", 8);
        runner.runOrFail(TIMEOUT, "mkfs.ext4", "-q", "-F", "-L", "KSOLOA", image.toString());
        assertThat(FileSystemLabel.read(image)).contains("KSOLOA");
    }

    @Test
    void ext4LabelOfSixteenCharacters() throws IOException {
        Path image = image("ext4-long.img", 8);
        runner.runOrFail(TIMEOUT, "mkfs.ext4", "-q", "-F", "-L", "KSOLO_DATA-2026.", image.toString());
        assertThat(FileSystemLabel.read(image)).contains("KSOLO_DATA-2026.");
    }

    @Test
    void ext4WithoutLabel() throws IOException {
        Path image = image("ext4-none.img", 8);
        runner.runOrFail(TIMEOUT, "mkfs.ext4", "-q", "-F", image.toString());
        assertThat(FileSystemLabel.read(image)).isEmpty();
    }

    @Test
    void fat32LabelAsMkfsWritesIt() throws IOException {
        Path image = image("fat32.img", 40);
        runner.runOrFail(TIMEOUT, "mkfs.vfat", "-F", "32", "-n", "KSOLOEFI", image.toString());
        assertThat(FileSystemLabel.read(image)).contains("KSOLOEFI");
    }

    @Test
    void fat16LabelAsMkfsWritesIt() throws IOException {
        Path image = image("fat16.img", 16);
        runner.runOrFail(TIMEOUT, "mkfs.vfat", "-F", "16", "-n", "KSOLOEFI", image.toString());
        assertThat(FileSystemLabel.read(image)).contains("KSOLOEFI");
    }

    @Test
    void fatWithoutLabel() throws IOException {
        Path image = image("fat-none.img", 16);
        runner.runOrFail(TIMEOUT, "mkfs.vfat", image.toString());
        assertThat(FileSystemLabel.read(image)).isEmpty();
    }

    private Path image(String name, int mebibytes) throws IOException {
        Path image = work.resolve(name);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(mebibytes * 1024L * 1024);
        }
        return image;
    }
}
