package io.kubesolo.update.state;

import java.util.Arrays;
import java.util.Optional;

/** The update lifecycle phases, with the names stored in state.json and shown in metrics (spec §7). */
public enum Phase {
    IDLE("idle"),
    CHECKING("checking"),
    DOWNLOADING("downloading"),
    STAGED("staged"),
    ACTIVATED("activated"),
    VERIFYING("verifying"),
    SUCCESS("success"),
    ROLLED_BACK("rolled_back"),
    FAILED("failed");

    private final String wireName;

    Phase(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in state.json, {@code status --json} and metrics labels. */
    public String wireName() {
        return wireName;
    }

    public static Optional<Phase> fromWireName(String name) {
        return Arrays.stream(values())
                .filter(phase -> phase.wireName.equals(name))
                .findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
