package io.kubesolo.update.health;

import io.kubesolo.update.health.CheckResult.Verdict;
import java.io.IOException;

/**
 * A check that probes the machine once: its result is the probe's verdict, timed, and an I/O
 * failure or an interruption is a failed verdict ({@link CheckResult#measure}).
 */
abstract class ProbingCheck implements HealthCheck {

    private final String name;

    ProbingCheck(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final CheckResult run() {
        return CheckResult.measure(name, this::probe);
    }

    /** What the machine says, passed or failed. */
    abstract Verdict probe() throws IOException, InterruptedException;
}
