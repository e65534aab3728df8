package io.kubesolo.update.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs {@code sh}, {@code echo}, {@code head} and {@code sleep}: programs outside the JDK. */
@Tag("system")
@Timeout(30)
class ProcessRunnerTest {

    private static final Duration GENEROUS = Duration.ofSeconds(10);

    private final ProcessRunner runner = new ProcessRunner();

    @Test
    void collectsExitCodeAndBothStreams() {
        ProcessRunner.Result result = runner.run(GENEROUS, "sh", "-c", "echo out; echo err >&2; exit 3");

        assertThat(result)
                .isEqualTo(new ProcessRunner.Result(
                        List.of("sh", "-c", "echo out; echo err >&2; exit 3"), 3, "out\n", "err\n"));
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void failureIsOneLineWithTheCommandsOwnWords() {
        assertThatThrownBy(
                        () -> runner.runOrFail(GENEROUS, "sh", "-c", "printf 'first\\n\\n  second  \\n' >&2; exit 32"))
                .isInstanceOf(SlotException.class)
                .hasMessage("`sh -c printf 'first\\n\\n  second  \\n' >&2; exit 32` failed (exit 32): first; second");
    }

    @Test
    void runOrFailReturnsStdout() {
        assertThat(runner.runOrFail(GENEROUS, "echo", "hello")).isEqualTo("hello\n");
    }

    @Test
    void commandsRunInTheCLocale() {
        assertThat(runner.runOrFail(GENEROUS, "sh", "-c", "echo $LC_ALL")).isEqualTo("C\n");
    }

    @Test
    void commandThatOutlivesItsTimeoutIsKilled() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> runner.run(Duration.ofMillis(300), "sleep", "20"))
                .isInstanceOf(SlotException.class)
                .hasMessage("`sleep 20` did not finish within 300 ms and was killed");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void missingProgramIsAnError() {
        assertThatThrownBy(() -> runner.run(GENEROUS, "kubesolo-no-such-program"))
                .isInstanceOf(SlotException.class)
                .hasMessageStartingWith("cannot run `kubesolo-no-such-program`: ");
    }

    @Test
    void runawayOutputIsCapped() {
        String stdout = runner.runOrFail(GENEROUS, "head", "-c", "1000000", "/dev/zero");

        assertThat(stdout).hasSize(ProcessRunner.MAX_OUTPUT_BYTES);
    }

    @Test
    void longMessagesAreShortened() {
        assertThat(ProcessRunner.oneLine("x".repeat(1000))).hasSize(303).endsWith("...");
    }
}
