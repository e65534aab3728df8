package io.kubesolo.update.policy;

/** How many bytes the passive slot can take for a new release. */
public interface SlotSpace {

    /** Free bytes plus the bytes of the slot's current files that staging replaces. */
    long availableBytes();

    /** The slot, for messages: "slot B (/x/slots/B)". */
    String describe();
}
