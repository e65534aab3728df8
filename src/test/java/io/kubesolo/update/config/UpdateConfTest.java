package io.kubesolo.update.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateConfTest {

    @TempDir
    Path dir;

    @Test
    void readsKeyValueLinesIgnoringCommentsBlanksAndUnknownKeys() {
        UpdateConf conf = UpdateConf.parse(null, """
                # KubeSolo update agent

                server = http://updates.local:8080 \s
                channel=stable
                some_future_key=whatever
                maintenance_window="02:00-04:00"
                   # indented comment
                pubkey=\
                """);
        assertThat(conf.get("server")).contains("http://updates.local:8080");
        assertThat(conf.get("channel")).contains("stable");
        assertThat(conf.get("maintenance_window")).contains("02:00-04:00");
        assertThat(conf.get("pubkey")).isEmpty();
        assertThat(conf.get("absent")).isEmpty();
    }

    @Test
    void lastValueWinsAndCrLfIsAccepted() {
        UpdateConf conf = UpdateConf.parse(null, "channel=beta\r\nchannel=stable\r\n");
        assertThat(conf.get("channel")).contains("stable");
    }

    @Test
    void missingFileIsAnEmptyConfiguration() {
        assertThat(UpdateConf.load(dir.resolve("absent.conf")).values()).isEmpty();
    }

    @Test
    void lineWithoutEqualsNamesTheLine() {
        assertThatThrownBy(() -> UpdateConf.parse(Path.of("/etc/kubesolo/update.conf"), "server=x\njunk line\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "configuration /etc/kubesolo/update.conf line 2 is not key=value (the line is not shown; is this the configuration file?)");
    }

    @Test
    void nonUtf8FileIsRefused() throws IOException {
        Path file = dir.resolve("update.conf");
        Files.write(file, new byte[] {'a', '=', (byte) 0xff, (byte) 0xfe});
        assertThatThrownBy(() -> UpdateConf.load(file)).hasMessageContaining("is not UTF-8 text");
    }

    @Test
    void precedenceIsFlagThenFileThenDefault() {
        UpdateConf conf = UpdateConf.parse(null, "channel=beta\nauto_rollback_after=5\n");
        assertThat(Setting.of("edge", conf, "channel", "stable")).isEqualTo("edge");
        assertThat(Setting.of(null, conf, "channel", "stable")).isEqualTo("beta");
        assertThat(Setting.of(null, UpdateConf.empty(), "channel", "stable")).isEqualTo("stable");
        assertThat(Setting.of((Integer) null, conf, "auto_rollback_after", Integer::valueOf, 3))
                .isEqualTo(5);
        assertThat(Setting.of(7, conf, "auto_rollback_after", Integer::valueOf, 3))
                .isEqualTo(7);
    }

    @Test
    void badTypedValueNamesKeyAndValue() {
        UpdateConf conf = UpdateConf.parse(null, "auto_rollback_after=many\n");
        assertThatThrownBy(() -> Setting.of((Integer) null, conf, "auto_rollback_after", Integer::valueOf, 3))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("update.conf: auto_rollback_after=many is not valid");
        assertThat(Setting.of((Duration) null, UpdateConf.empty(), "x", Duration::parse, Duration.ZERO))
                .isEqualTo(Duration.ZERO);
    }
}
