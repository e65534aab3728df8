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
 */
public record StagingResult(SlotName slot, List<SlotFile> downloaded, List<SlotFile> kept, long bytes, long reused) {

    public StagingResult {
        downloaded = List.copyOf(downloaded);
        kept = List.copyOf(kept);
    }
}
