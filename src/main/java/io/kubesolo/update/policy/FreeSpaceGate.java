package io.kubesolo.update.policy;

import io.kubesolo.update.Artifact;
import io.kubesolo.update.Release;

/**
 * Pre-flight of SPEC §8: the passive slot has room for the release's files plus 10 % headroom.
 * A release that does not declare an artifact's size is refused: the space cannot be checked.
 */
public final class FreeSpaceGate implements Gate {

    private final SlotSpace space;

    public FreeSpaceGate(SlotSpace space) {
        this.space = space;
    }

    @Override
    public String name() {
        return "free space";
    }

    @Override
    public Decision evaluate(Release release) {
        long total = 0;
        long available = space.availableBytes();
        try {
            for (Artifact artifact : release.artifacts()) {
                if (artifact.size().isEmpty()) {
                    return Decision.refuse(name(), "the release does not declare the size of "
                            + artifact.slotFile().fileName());
                }
                total = Math.addExact(total, artifact.size().getAsLong());
            }
        } catch (ArithmeticException e) {
            // Two sizes near 2^63 wrapped round to a negative sum, which any slot "had room" for.
            return Decision.refuse(name(), "the release declares more bytes than can be counted (over 2^63),"
                    + " which no slot holds; " + space.describe() + " has " + available);
        }
        long needed = total > Long.MAX_VALUE - total / 10 - 1 ? Long.MAX_VALUE : total + (total + 9) / 10;
        String detail = "needs " + needed + " bytes (release " + total + " + 10 %), " + space.describe() + " has "
                + available;
        return available >= needed ? Decision.allow(name(), detail) : Decision.refuse(name(), detail);
    }
}
