package io.kubesolo.update.health;

import io.kubesolo.update.health.CheckResult.Status;
import java.time.Duration;

/**
 * A check whose result is known before it runs: one disabled in update.conf or with nothing
 * configured (SKIPPED), or one whose set-up already failed, such as an unreadable kubeconfig (FAILED).
 */
record PresetCheck(String name, Status status, String detail) implements HealthCheck {

    static PresetCheck skipped(String name, String detail) {
        return new PresetCheck(name, Status.SKIPPED, detail);
    }

    static PresetCheck failed(String name, String detail) {
        return new PresetCheck(name, Status.FAILED, detail);
    }

    @Override
    public CheckResult run() {
        return new CheckResult(name, status, detail, Duration.ZERO);
    }
}
