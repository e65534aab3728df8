package io.kubesolo.update.policy;

import io.kubesolo.update.Artifact;
import io.kubesolo.update.Release;
import java.util.ArrayList;
import java.util.List;

/**
 * Pre-flight of docs/spec.md §8: the passive slot has room for the release's files plus 10 %
 * headroom. The files whose size the release does not declare (an HTTP release without
 * {@code *_size} whose server does not answer HEAD with one) are not counted here: the stager
 * checks each against the {@code Content-Length} of its download before writing its first byte,
 * and a download without any length streams until the disk-full handling stops it.
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
        List<String> unknown = new ArrayList<>();
        long available = space.availableBytes();
        try {
            for (Artifact artifact : release.artifacts()) {
                if (artifact.size().isEmpty()) {
                    unknown.add(artifact.slotFile().fileName());
                } else {
                    total = Math.addExact(total, artifact.size().getAsLong());
                }
            }
        } catch (ArithmeticException e) {
            // Two sizes near 2^63 wrapped round to a negative sum, which any slot "had room" for.
            return Decision.refuse(
                    name(),
                    "the release declares more bytes than can be counted (over 2^63)," + " which no slot holds; "
                            + space.describe() + " has " + available);
        }
        long needed = total > Long.MAX_VALUE - total / 10 - 1 ? Long.MAX_VALUE : total + (total + 9) / 10;
        String detail = "needs " + needed + " bytes (release " + total + " + 10 %"
                + (unknown.isEmpty()
                        ? ""
                        : "; size of " + String.join(" and ", unknown)
                                + " not declared, checked when its download starts")
                + "), " + space.describe() + " has " + available;
        return available >= needed ? Decision.allow(name(), detail) : Decision.refuse(name(), detail);
    }
}
