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
        assertThat(conf.get(ConfKey.SERVER)).contains("http://updates.local:8080");
        assertThat(conf.get(ConfKey.CHANNEL)).contains("stable");
        assertThat(conf.get(ConfKey.MAINTENANCE_WINDOW)).contains("02:00-04:00");
        assertThat(conf.get(ConfKey.PUBKEY)).isEmpty();
        assertThat(conf.get(ConfKey.TAG)).isEmpty();
        assertThat(conf.values()).doesNotContainKey("some_future_key");
        assertThat(conf.warnings())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("(text) line 5: unknown key 'some_future_key' ignored; did you mean '");
    }

    @Test
    void lastValueWinsAndCrLfIsAccepted() {
        UpdateConf conf = UpdateConf.parse(null, "channel=beta\r\nchannel=stable\r\n");
        assertThat(conf.get(ConfKey.CHANNEL)).contains("stable");
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
        assertThat(Setting.of("edge", conf, ConfKey.CHANNEL, "stable")).isEqualTo("edge");
        assertThat(Setting.of(null, conf, ConfKey.CHANNEL, "stable")).isEqualTo("beta");
        assertThat(Setting.of(null, UpdateConf.empty(), ConfKey.CHANNEL, "stable"))
                .isEqualTo("stable");
        assertThat(Setting.of((Integer) null, conf, ConfKey.AUTO_ROLLBACK_AFTER, Integer::valueOf, 3))
                .isEqualTo(5);
        assertThat(Setting.of(7, conf, ConfKey.AUTO_ROLLBACK_AFTER, Integer::valueOf, 3))
                .isEqualTo(7);
    }

    @Test
    void badTypedValueNamesKeyAndValue() {
        UpdateConf conf = UpdateConf.parse(null, "auto_rollback_after=many\n");
        assertThatThrownBy(() -> Setting.of((Integer) null, conf, ConfKey.AUTO_ROLLBACK_AFTER, Integer::valueOf, 3))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("update.conf: auto_rollback_after=many is not valid");
        assertThat(Setting.of((Duration) null, UpdateConf.empty(), ConfKey.SPLAY, Duration::parse, Duration.ZERO))
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void anUnknownKeyIsIgnoredWithAWarningNamingTheNearestKnownKey() {
        UpdateConf conf = UpdateConf.parse(
                Path.of("/etc/kubesolo/update.conf"),
                "servr=http://x\nmaintenance_windw=02:00-04:00\nchannel=stable\n");
        assertThat(conf.warnings())
                .containsExactly(
                        "/etc/kubesolo/update.conf line 1: unknown key 'servr' ignored; did you mean 'server'?",
                        "/etc/kubesolo/update.conf line 2: unknown key 'maintenance_windw' ignored; did you mean"
                                + " 'maintenance_window'?");
        assertThat(conf.get(ConfKey.CHANNEL)).contains("stable");
        assertThat(ConfKey.editDistance("kitten", "sitting")).isEqualTo(3);
        assertThat(ConfKey.editDistance("", "tag")).isEqualTo(3);
    }
}
