package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.verify.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed release expires by default, so that a frozen mirror or a replayed release is refused
 * within a month (docs/signatures.md): {@code push} and {@code publish} with a key write an expiry
 * 30 days ahead unless {@code --expires-in} or {@code --no-expiry} says otherwise.
 */
class DefaultExpiryTest {

    private static final Pattern EXPIRES = Pattern.compile("\"?expires\"?[ :]+\"?([0-9TZ:-]+)");

    @TempDir
    Path temp;

    private Path key;
    private Path file;

    @BeforeEach
    void files() throws IOException {
        key = Files.writeString(
                temp.resolve("release.key"), SigningKey.generate().toPkcs8Pem());
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        file = Files.write(temp.resolve("vmlinuz"), new byte[1000]);
    }

    private CommandRun push(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "push",
                "--registry",
                "oci-layout:" + temp.resolve("layout"),
                "--kernel",
                file.toString(),
                "--initramfs",
                file.toString(),
                "--version",
                "v0.3.0",
                "--architecture",
                "amd64"));
        args.addAll(List.of(extra));
        return CommandRun.of(args.toArray(String[]::new));
    }

    private static Instant expiry(String text) {
        Matcher matcher = EXPIRES.matcher(text);
        assertThat(matcher.find()).as(text).isTrue();
        return Instant.parse(matcher.group(1));
    }

    @Test
    void aSignedPushExpiresIn30DaysByDefault() {
        Instant before = Instant.now();
        CommandRun run = push("--sign-key", key.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(expiry(run.out()))
                .isBetween(
                        before.plus(Duration.ofDays(30)).minusSeconds(1),
                        Instant.now().plus(Duration.ofDays(30)));
    }

    @Test
    void aSignedPublishExpiresIn30DaysByDefault() throws IOException {
        Instant before = Instant.now();
        CommandRun run = CommandRun.of(
                "publish",
                "--key",
                key.toString(),
                "--kernel",
                file.toString(),
                "--initramfs",
                file.toString(),
                "--version",
                "v0.3.0",
                "--out",
                temp.resolve("www").toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(expiry(Files.readString(temp.resolve("www/latest.json"))))
                .isBetween(
                        before.plus(Duration.ofDays(30)).minusSeconds(1),
                        Instant.now().plus(Duration.ofDays(30)));
    }

    @Test
    void expiresInAndNoExpiryOverrideTheDefault() {
        Instant before = Instant.now();
        CommandRun week = push("--sign-key", key.toString(), "--expires-in", "1w");
        assertThat(expiry(week.out()))
                .isBetween(
                        before.plus(Duration.ofDays(7)).minusSeconds(1),
                        Instant.now().plus(Duration.ofDays(7)));

        CommandRun never = push("--sign-key", key.toString(), "--no-expiry");
        assertThat(never.exitCode()).as(never.toString()).isZero();
        assertThat(never.out()).doesNotContain("expires");
    }

    @Test
    void anUnsignedPushHasNoExpiryAndNoExpiryNeedsASignature() {
        CommandRun unsigned = push();
        assertThat(unsigned.exitCode()).as(unsigned.toString()).isZero();
        assertThat(unsigned.out()).doesNotContain("expires");

        assertThat(push("--no-expiry").exitCode()).isEqualTo(ExitCodes.USAGE);
        CommandRun both = push("--sign-key", key.toString(), "--no-expiry", "--expires-in", "30d");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("--no-expiry and --expires-in contradict each other");
    }
}
