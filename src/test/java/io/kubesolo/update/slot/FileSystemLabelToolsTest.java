package io.kubesolo.update.slot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Labels read from file systems that mkfs.ext4 and mkfs.vfat made in image files. */
@Tag("system")
class FileSystemLabelToolsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private final ProcessRunner runner = new ProcessRunner();

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "mkfs.ext4 -q -F        | KSOLOA           | 8",
                "mkfs.ext4 -q -F        | KSOLO_DATA-2026. | 8",
                "mkfs.ext4 -q -F        |                  | 8",
                "mkfs.vfat -F 32        | KSOLOEFI         | 40",
                "mkfs.vfat -F 16        | KSOLOEFI         | 16",
                "mkfs.vfat              |                  | 16",
            })
    void labelAsMkfsWritesIt(String mkfs, String label, int mebibytes) throws IOException {
        Path image = work.resolve("fs.img");
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(mebibytes * 1024L * 1024);
        }
        List<String> command = new ArrayList<>(List.of(mkfs.split(" ")));
        if (label != null) {
            command.addAll(List.of(mkfs.startsWith("mkfs.ext4") ? "-L" : "-n", label));
        }
        command.add(image.toString());
        runner.runOrFail(TIMEOUT, command.toArray(String[]::new));

        assertThat(FileSystemLabel.read(image)).isEqualTo(Optional.ofNullable(label));
    }
}
