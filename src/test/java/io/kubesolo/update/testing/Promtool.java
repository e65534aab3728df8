package io.kubesolo.update.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code promtool check metrics}: the Prometheus project's own exposition parser and linter. */
public final class Promtool {

    private Promtool() {}

    /** Asserts that promtool parses {@code text} and finds nothing to lint. */
    public static void assertAccepts(String text) {
        Processes.Result result;
        try {
            result =
                    Processes.run(List.of("promtool", "check", "metrics"), null, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run promtool (scripts/install-test-deps.sh installs it): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running promtool", e);
        }
        assertThat(result.exitCode())
                .as(result.stdout() + result.stderr() + "\n" + text)
                .isZero();
        assertThat(result.stdout() + result.stderr()).as(text).isEmpty();
    }
}
