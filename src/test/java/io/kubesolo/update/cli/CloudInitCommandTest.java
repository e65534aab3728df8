package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.config.UpdateConf;
import io.kubesolo.update.testing.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cloud-init}: the updates: block of cloud-config user data becomes update.conf (spec §3). */
class CloudInitCommandTest {

    private static final String EXISTING = "# written by hand\nserver=https://old.example.com\nchannel=beta\n";

    @TempDir
    Path directory;

    private Path root() {
        return directory.resolve("device");
    }

    private Path conf() {
        return root().resolve("etc/kubesolo/update.conf");
    }

    private Path userData(String text) throws IOException {
        Path file = directory.resolve("user-data");
        Files.writeString(file, text);
        return file;
    }

    private CommandRun cloudInit(Path userData) {
        return CommandRun.of("cloud-init", "--user-data", userData.toString(), "--root", root().toString());
    }

    private void writeExisting() throws IOException {
        Files.createDirectories(conf().getParent());
        Files.writeString(conf(), EXISTING);
    }

    @Test
    void theBlockBecomesUpdateConfWithValuesRenderedPlainly() throws IOException {
        Path userData = userData("""
                #cloud-config
                hostname: edge-17
                updates:
                  server: https://updates.example.com/kubesolo
                  channel: stable
                  pubkey: [/etc/kubesolo/keys/a.pub, /etc/kubesolo/keys/b.pub]
                  maintenance_window: "23:00-01:00"
                  healthcheck_url: http://127.0.0.1:8080/healthz
                  auto_rollback_after: 3
                  plain_http: yes
                  tag: 1.10
                runcmd:
                  - echo hello
                """);
        CommandRun run = cloudInit(userData);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .isEqualTo(
                        "wrote " + conf() + " from the updates: block of " + userData + ": server,"
                                + " channel, pubkey, maintenance_window, healthcheck_url, auto_rollback_after, plain_http, tag\n");

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("server", "https://updates.example.com/kubesolo");
        expected.put("channel", "stable");
        expected.put("pubkey", "/etc/kubesolo/keys/a.pub,/etc/kubesolo/keys/b.pub");
        expected.put("maintenance_window", "23:00-01:00");
        expected.put("healthcheck_url", "http://127.0.0.1:8080/healthz");
        expected.put("auto_rollback_after", "3");
        expected.put("plain_http", "true");
        expected.put("tag", "1.10");
        assertThat(UpdateConf.load(conf()).values()).containsExactlyEntriesOf(expected);
        assertThat(Files.readString(conf()))
                .startsWith("# Written by 'kubesolo-update cloud-init'")
                .contains("\nauto_rollback_after=3\n");
        try (var files = Files.list(conf().getParent())) {
            assertThat(files).containsExactly(conf());
        }
    }

    @Test
    void aBlockReplacesTheWholeExistingFile() throws IOException {
        writeExisting();
        CommandRun run = cloudInit(userData("#cloud-config\nupdates:\n  registry: registry.example.com/kubesolo/os\n"));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(UpdateConf.load(conf()).values())
                .containsExactly(Map.entry("registry", "registry.example.com/kubesolo/os"));
    }

    @Test
    void aMissingOrEmptyBlockLeavesAnExistingFileAlone() throws IOException {
        writeExisting();
        for (String text : new String[] {
            "#cloud-config\nhostname: edge-17\n",
            "#cloud-config\nupdates:\n",
            "#cloud-config\nupdates: {}\n",
            "#cloud-config\n",
            "#!/bin/sh\necho not cloud-config\n"
        }) {
            Path userData = userData(text);
            CommandRun run = cloudInit(userData);
            assertThat(run.exitCode()).as(text + run.toString()).isZero();
            assertThat(run.out())
                    .as(text)
                    .isEqualTo(
                            "no updates: block in " + userData + " (or an empty one); " + conf() + " left as it is\n");
            assertThat(Files.readString(conf())).as(text).isEqualTo(EXISTING);
        }
    }

    @Test
    void aMissingBlockCreatesNothing() throws IOException {
        CommandRun run = cloudInit(userData("#cloud-config\nhostname: edge-17\n"));
        assertThat(run.exitCode()).isZero();
        assertThat(root()).doesNotExist();
    }

    @Test
    void whatUpdateConfCannotHoldIsRefusedAndTheFileLeftAlone() throws IOException {
        writeExisting();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("updates:\n  Server: x\n", "updates.Server is not an update.conf key (snake_case");
        cases.put("updates:\n  max-retries: 3\n", "updates.max-retries is not an update.conf key");
        cases.put("updates:\n  server: |\n    https://a\n    https://b\n", "updates.server spans several lines");
        cases.put(
                "updates:\n  server:\n    url: https://a\n",
                "updates.server must be a single value or a list of" + " values, not a mapping");
        cases.put(
                "updates:\n  pubkey: [[a, b]]\n",
                "updates.pubkey must be a single value or a list of values," + " not a list");
        cases.put(
                "updates: https://a\n",
                "updates: must be a mapping of update.conf keys to values, not a single" + " value");
        cases.put("updates: [server]\n", "updates: must be a mapping of update.conf keys to values, not a list");
        cases.put("updates:\n  server: [unclosed\n", "is not valid YAML");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path userData = userData("#cloud-config\n" + c.getKey());
            CommandRun run = cloudInit(userData);
            assertThat(run.exitCode()).as(c.getKey() + run.toString()).isEqualTo(ExitCodes.FAILED);
            assertThat(run.err())
                    .as(c.getKey())
                    .startsWith("kubesolo-update: user data " + userData)
                    .contains(c.getValue())
                    .endsWith("\n")
                    .hasLineCount(1);
            assertThat(Files.readString(conf())).isEqualTo(EXISTING);
        }
    }

    @Test
    void missingUserDataIsAFailureAndNoFlagAUsageError() {
        CommandRun missing = cloudInit(directory.resolve("nope"));
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(missing.err())
                .isEqualTo("kubesolo-update: cannot read user data " + directory.resolve("nope") + ": no such file\n");

        CommandRun noFlag = CommandRun.of("cloud-init", "--root", root().toString());
        assertThat(noFlag.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noFlag.err()).contains("--user-data");
    }
}
