package io.kubesolo.update.stage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.Artifact;
import io.kubesolo.update.Outcome;
import io.kubesolo.update.Release;
import io.kubesolo.update.UpdateException;
import io.kubesolo.update.UpdateSource;
import io.kubesolo.update.delta.ChunkIndex;
import io.kubesolo.update.delta.DeltaAssembler;
import io.kubesolo.update.delta.DeltaException;
import io.kubesolo.update.fs.AtomicFiles;
import io.kubesolo.update.fs.CrashPoints;
import io.kubesolo.update.fs.IoErrors;
import io.kubesolo.update.retry.Deadline;
import io.kubesolo.update.retry.Retry;
import io.kubesolo.update.slot.MountedSlot;
import io.kubesolo.update.slot.SlotFile;
import io.kubesolo.update.slot.SlotInfo;
import io.kubesolo.update.verify.TrustedKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes a release into the passive slot, whichever source it comes from.
 *
 * <p>The order makes every interruption safe: first the slot's {@code version} file goes, so a
 * half-rewritten slot is never taken for complete; then each artifact streams from
 * {@link UpdateSource#resume} through its size, SHA-256 and (when keys are configured and the
 * source did not authenticate the digests, {@link Release#trust()}) signature check into a
 * temporary file beside its target, in constant memory; only a file whose check passed is
 * flushed and renamed into place; {@code version} is written last, atomically. A file
 * the slot already holds with the right digest is kept, not downloaded again; {@link #holdsRelease}
 * tells the caller when the slot already holds the whole release and nothing needs writing.
 *
 * <p>A download that breaks off is continued where it stopped ({@link ResumableDownload}): within
 * this run through the {@link Retry}, and across runs and process deaths through the
 * {@link PartialFile} it leaves in the slot. The {@link Deadline} bounds the whole staging.
 *
 * <p>Never touches anything but the slot it is given, which the caller opened as the passive one.
 */
public final class Stager {

    /** Big enough that a read is not dominated by call overhead, small enough to be nothing on 2 GB. */
    private static final int BUFFER_BYTES = 128 * 1024;
    /** Room the passive slot keeps free when its old file stays as a source of chunks until the new one is complete. */
    private static final long ROOM_BESIDES_OLD_FILE = 16L * 1024 * 1024;
    /** A local file smaller than the default average chunk holds little worth fetching an index for. */
    private static final long WORTH_SCANNING_BYTES = 64 * 1024;

    private final UpdateSource source;
    private final TrustedKeys trustedKeys;
    private final ProgressReporter progress;
    private final Retry retry;
    private final Deadline deadline;
    private final Consumer<String> log;
    private final Optional<Supplier<MountedSlot>> activeForReading;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param retry    continues a download that broke off, within this run
     * @param deadline bounds the whole staging; when it passes, the partial download is kept
     * @param log      one line per resumption or restart of a download
     */
    public Stager(
            UpdateSource source,
            TrustedKeys trustedKeys,
            ProgressReporter progress,
            Retry retry,
            Deadline deadline,
            Consumer<String> log) {
        this(source, trustedKeys, progress, retry, deadline, log, Optional.empty());
    }

    private Stager(
            UpdateSource source,
            TrustedKeys trustedKeys,
            ProgressReporter progress,
            Retry retry,
            Deadline deadline,
            Consumer<String> log,
            Optional<Supplier<MountedSlot>> activeForReading) {
        this.activeForReading = activeForReading;
        this.source = source;
        this.trustedKeys = trustedKeys;
        this.progress = progress;
        this.retry = retry;
        this.deadline = deadline;
        this.log = log;
    }

    /**
     * This stager, taking for delta updates (docs/delta.md) the chunks it can from the files of the
     * slot {@code activeForReading} opens as well as from the passive slot's current files.
     */
    public Stager reusingChunksOf(Supplier<MountedSlot> activeForReading) {
        return new Stager(source, trustedKeys, progress, retry, deadline, log, Optional.of(activeForReading));
    }

    /**
     * Whether {@code slot} already holds exactly {@code release}: its {@code version} file names the
     * release's version and every file has the declared size and digest (and a valid signature
     * when keys are configured). Reads the files; writes nothing.
     */
    public boolean holdsRelease(Release release, MountedSlot slot) {
        if (!release.metadata().version().equals(SlotInfo.of(slot).version().orElse(null))) {
            return false;
        }
        TrustedKeys keys = signatureKeys(release);
        return release.artifacts().stream().allMatch(artifact -> holds(slot.directory(), artifact, keys));
    }

    /**
     * Stages {@code release} into {@code passive}. Files the slot already holds with the right
     * digest are kept; the rest are downloaded.
     *
     * @throws StageException when an artifact has no signature while keys are configured (before
     *                        the slot is touched), cannot be downloaded, does not match what the
     *                        release declares, or the slot cannot be written; the slot then has
     *                        no {@code version} file. A download that broke off leaves its partial
     *                        file for the next run; one whose content was wrong, or that could not
     *                        be written, leaves none.
     */
    public StagingResult stage(Release release, MountedSlot passive) {
        TrustedKeys keys = signatureKeys(release);
        if (!keys.isEmpty()) {
            release.artifacts().forEach(artifact -> ArtifactCheck.requireSignature(artifact, keys));
        }
        Path directory = passive.directory();
        try (ActiveSlot active = new ActiveSlot()) {
            removeIfPresent(directory.resolve(SlotFile.VERSION.fileName()));
            List<SlotFile> kept = new ArrayList<>();
            List<SlotFile> downloaded = new ArrayList<>();
            long bytes = 0;
            long reused = 0;
            long fromSlots = 0;
            for (Artifact artifact : release.artifacts()) {
                if (holds(directory, artifact, keys)) {
                    PartialFile.of(directory.resolve(artifact.slotFile().fileName()), json)
                            .discard();
                    kept.add(artifact.slotFile());
                } else {
                    Transfer transfer = download(artifact, directory, active, keys);
                    bytes += transfer.fetched();
                    reused += transfer.resumed();
                    fromSlots += transfer.fromSlots();
                    downloaded.add(artifact.slotFile());
                }
            }
            AtomicFiles.write(
                    directory.resolve(SlotFile.VERSION.fileName()),
                    (release.metadata().version() + "\n").getBytes(StandardCharsets.UTF_8));
            return new StagingResult(passive.name(), downloaded, kept, bytes, reused, fromSlots);
        } catch (IOException e) {
            throw new StageException(
                    "cannot write slot " + passive.name() + " (" + directory + "): " + IoErrors.describe(e), e);
        }
    }

    /**
     * The keys each artifact's own signature is checked with: none when the source authenticated
     * the digests the artifacts are checked against ({@link Release.ArtifactTrust#SIGNED_DIGESTS}).
     */
    private TrustedKeys signatureKeys(Release release) {
        return release.trust() == Release.ArtifactTrust.SIGNED_DIGESTS ? TrustedKeys.none() : trustedKeys;
    }

    /** Bytes fetched in this run, bytes of an earlier run's partial download kept, bytes taken from the slots. */
    private record Transfer(long fetched, long resumed, long fromSlots) {}

    private Transfer download(Artifact artifact, Path directory, ActiveSlot active, TrustedKeys keys)
            throws IOException {
        Path target = directory.resolve(artifact.slotFile().fileName());
        PartialFile partial = PartialFile.of(target, json);
        List<Path> local =
                new ArrayList<>(active.file(artifact.slotFile()).stream().toList());
        local.add(target);
        if (anyWorthScanning(local)) {
            Optional<ChunkIndex> index = chunkIndex(artifact);
            if (index.isPresent()) {
                Optional<Transfer> delta = deltaDownload(artifact, index.get(), target, partial, local, keys);
                if (delta.isPresent()) {
                    return delta.get();
                }
            }
        }
        // The old file goes first: the free-space gate counted its bytes as available.
        removeIfPresent(target);
        ResumableDownload download = new ResumableDownload(downloads(), artifact, partial, keys);
        try {
            download.run();
        } catch (UpdateException e) {
            partial.discardIfEmpty(); // nothing to continue from: leave the slot as it was
            throw e;
        }
        partial.complete(target);
        return new Transfer(download.downloaded(), download.reused(), 0);
    }

    /**
     * Whether a local file is large enough to hold a chunk worth reusing: without one the index
     * (about 0.1 % of the file) is not even fetched.
     */
    private static boolean anyWorthScanning(List<Path> files) throws IOException {
        for (Path file : files) {
            if (Files.isRegularFile(file) && Files.size(file) >= WORTH_SCANNING_BYTES) {
                return true;
            }
        }
        return false;
    }

    /** The artifact's chunk index; none (with a note) when the source has one but cannot hand it out. */
    private Optional<ChunkIndex> chunkIndex(Artifact artifact) {
        try {
            return source.chunkIndex(artifact);
        } catch (UpdateException e) {
            log.accept(artifact.slotFile().fileName() + ": no delta update, downloading the whole file: "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Assembles the artifact from the slots' chunks and ranges (docs/delta.md); empty, with a note,
     * when the whole file has to be downloaded instead. The passive slot's old file is a source of
     * chunks when the slot has room for the new file beside it, and removed first when not.
     */
    private Optional<Transfer> deltaDownload(
            Artifact artifact,
            ChunkIndex index,
            Path target,
            PartialFile partial,
            List<Path> candidates,
            TrustedKeys keys)
            throws IOException {
        String name = artifact.slotFile().fileName();
        List<Path> local = new ArrayList<>(candidates);
        if (Files.isRegularFile(target)
                && Files.getFileStore(target.getParent()).getUsableSpace() < index.size() + ROOM_BESIDES_OLD_FILE) {
            local.remove(target);
            removeIfPresent(target);
        }
        DeltaDownload delta = new DeltaDownload(downloads(), artifact, index, local, partial, keys);
        try {
            delta.run();
        } catch (DeltaException e) {
            if (e.reason() == DeltaException.Reason.NOTHING_TO_REUSE) {
                return Optional.empty(); // the full download continues whatever partial file is there
            }
            if (!e.fullDownloadHelps()) {
                throw new StageException(
                        Outcome.FAILED,
                        e.getMessage() + "; kept in " + partial.data() + ", the next apply continues from there");
            }
            log.accept(name + ": " + e.getMessage() + "; downloading the whole file instead");
            partial.discard();
            return Optional.empty();
        } catch (DeltaAssembler.WriteFailed e) {
            partial.discard();
            throw new StageException(
                    "cannot write " + name + " to " + partial.data() + ": " + e.getMessage()
                            + "; removed the partial download",
                    e);
        } catch (StageException e) {
            partial.discard(); // the whole file's digest or signature is wrong
            throw e;
        } catch (UpdateException e) {
            partial.discardIfEmpty();
            throw e;
        }
        partial.complete(target);
        return Optional.of(new Transfer(delta.fetched(), 0, delta.reused()));
    }

    /** Whether the slot already holds the artifact: same size and digest (and a valid signature). */
    private boolean holds(Path directory, Artifact artifact, TrustedKeys keys) {
        Path file = directory.resolve(artifact.slotFile().fileName());
        try {
            if (!Files.isRegularFile(file)
                    || (artifact.size().isPresent()
                            && Files.size(file) != artifact.size().getAsLong())) {
                return false;
            }
            ArtifactCheck check = new ArtifactCheck(artifact, keys, "in " + directory);
            byte[] buffer = new byte[BUFFER_BYTES];
            try (InputStream in = Files.newInputStream(file)) {
                int read;
                while ((read = in.read(buffer)) != -1) {
                    check.update(buffer, 0, read);
                }
            }
            check.finish();
            return true;
        } catch (StageException e) {
            return false;
        } catch (IOException e) {
            throw new StageException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The active slot, opened for reading the first time a delta update asks for its files. */
    private final class ActiveSlot implements AutoCloseable {
        private MountedSlot opened;

        Optional<Path> file(SlotFile slotFile) {
            if (activeForReading.isEmpty()) {
                return Optional.empty();
            }
            if (opened == null) {
                opened = activeForReading.get().get();
            }
            return Optional.of(opened.directory().resolve(slotFile.fileName()));
        }

        @Override
        public void close() {
            if (opened != null) {
                opened.close();
            }
        }
    }

    private DownloadContext downloads() {
        return new DownloadContext(source, progress, retry, deadline, log);
    }

    private static void removeIfPresent(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            CrashPoints.reached(file, "removed");
            AtomicFiles.syncDirectory(file.getParent());
        }
    }
}
