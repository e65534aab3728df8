package io.kubesolo.update.health;

/**
 * One post-boot health check (spec §9). {@link #run()} returns a result rather than throwing for
 * anything it finds wrong with the machine; it may block, and {@link HealthRunner} bounds it in time
 * and interrupts it when it overruns.
 */
public interface HealthCheck {

    /** The check's stable name, as listed in update.conf's {@code health_checks}. */
    String name();

    CheckResult run();
}
