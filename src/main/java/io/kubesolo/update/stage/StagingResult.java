package io.kubesolo.update.stage;

import io.kubesolo.update.slot.SlotFile;
import io.kubesolo.update.slot.SlotName;
import java.util.List;

/**
 * What staging did to the passive slot.
 *
 * @param slot       the slot written
 * @param downloaded the files that were downloaded
 * @param kept       the files already in the slot with the right digest, kept as they were
 * @param bytes      bytes downloaded in this run
 * @param reused     bytes an interrupted earlier run had downloaded, verified and kept
 * @param fromSlots  bytes a delta update took from the files the slots already held (docs/delta.md)
 */
public record StagingResult(
        SlotName slot, List<SlotFile> downloaded, List<SlotFile> kept, long bytes, long reused, long fromSlots) {

    public StagingResult {
        downloaded = List.copyOf(downloaded);
        kept = List.copyOf(kept);
    }

    /** A staging without delta updates. */
    public StagingResult(SlotName slot, List<SlotFile> downloaded, List<SlotFile> kept, long bytes, long reused) {
        this(slot, downloaded, kept, bytes, reused, 0);
    }
}
