package io.kubesolo.update.stage;

import io.kubesolo.update.Artifact;
import io.kubesolo.update.Release;
import io.kubesolo.update.UpdateSource;
import io.kubesolo.update.fs.AtomicFiles;
import io.kubesolo.update.fs.CrashPoints;
import io.kubesolo.update.slot.MountedSlot;
import io.kubesolo.update.slot.SlotFile;
import io.kubesolo.update.verify.TrustedKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes a release into the passive slot, whichever source it comes from.
 *
 * <p>The order makes every interruption safe: first the slot's {@code version} file goes, so a
 * half-rewritten slot is never taken for complete; then each artifact streams from
 * {@link UpdateSource#open} through its size, SHA-256 and (when keys are configured) signature
 * check into a temporary file beside its target, in constant memory; only a file whose check
 * passed is flushed and renamed into place; {@code version} is written last, atomically. A file
 * the slot already holds with the right digest is kept, not downloaded again; {@link #holdsRelease}
 * tells the caller when the slot already holds the whole release and nothing needs writing.
 *
 * <p>Never touches anything but the slot it is given, which the caller opened as the passive one.
 */
public final class Stager {

    /** Big enough that a read is not dominated by call overhead, small enough to be nothing on 2 GB. */
    private static final int BUFFER_BYTES = 128 * 1024;

    private final UpdateSource source;
    private final TrustedKeys trustedKeys;
    private final ProgressReporter progress;

    public Stager(UpdateSource source, TrustedKeys trustedKeys, ProgressReporter progress) {
        this.source = source;
        this.trustedKeys = trustedKeys;
        this.progress = progress;
    }

    /**
     * Whether {@code slot} already holds exactly {@code release}: its {@code version} file names the
     * release's version and every file has the declared size and digest (and a valid signature
     * when keys are configured). Reads the files; writes nothing.
     */
    public boolean holdsRelease(Release release, MountedSlot slot) {
        if (!release.metadata().version().equals(readVersion(slot.directory()).orElse(null))) {
            return false;
        }
        return release.artifacts().stream().allMatch(artifact -> holds(slot.directory(), artifact));
    }

    /**
     * Stages {@code release} into {@code passive}. Files the slot already holds with the right
     * digest are kept; the rest are downloaded.
     *
     * @throws StageException when an artifact has no signature while keys are configured (before
     *                        the slot is touched), cannot be downloaded, does not match what the
     *                        release declares, or the slot cannot be written; the slot then has
     *                        no {@code version} file
     */
    public StagingResult stage(Release release, MountedSlot passive) {
        if (!trustedKeys.isEmpty()) {
            release.artifacts().forEach(artifact -> ArtifactCheck.requireSignature(artifact, trustedKeys));
        }
        Path directory = passive.directory();
        try {
            removeIfPresent(directory.resolve(SlotFile.VERSION.fileName()));
            List<SlotFile> kept = new ArrayList<>();
            List<SlotFile> downloaded = new ArrayList<>();
            long bytes = 0;
            for (Artifact artifact : release.artifacts()) {
                if (holds(directory, artifact)) {
                    kept.add(artifact.slotFile());
                } else {
                    bytes += download(artifact, directory);
                    downloaded.add(artifact.slotFile());
                }
            }
            AtomicFiles.write(directory.resolve(SlotFile.VERSION.fileName()),
                    (release.metadata().version() + "\n").getBytes(StandardCharsets.UTF_8));
            return new StagingResult(passive.name(), downloaded, kept, bytes);
        } catch (IOException e) {
            throw new StageException("cannot write slot " + passive.name() + " (" + directory + "): " + e.getMessage(), e);
        }
    }

    private long download(Artifact artifact, Path directory) throws IOException {
        Path target = directory.resolve(artifact.slotFile().fileName());
        Path temporary = AtomicFiles.temporarySibling(target);
        // The old file goes first: the free-space gate counted its bytes as available.
        removeIfPresent(target);
        String origin = "from " + source.describe();
        ArtifactCheck check = new ArtifactCheck(artifact, trustedKeys, origin);
        Progress reporting = progress.start(artifact.slotFile().fileName(), artifact.size());
        try {
            try (InputStream in = source.open(artifact, 0);
                 FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE,
                         StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                CrashPoints.reached(target, "open");
                copy(in, out, check, reporting, artifact);
                check.finish();
                out.force(true);
            }
            CrashPoints.reached(target, "synced");
            reporting.finish();
            AtomicFiles.replace(temporary, target);
            return check.count();
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void copy(InputStream in, FileChannel out, ArtifactCheck check, Progress reporting,
            Artifact artifact) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try {
            int read;
            while ((read = in.read(buffer)) != -1) {
                check.update(buffer, 0, read);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                reporting.advance(read);
            }
        } catch (IOException e) {
            throw new StageException("downloading " + artifact.slotFile().fileName() + " failed after "
                    + check.count() + " bytes: " + e.getMessage(), e);
        }
    }

    /** Whether the slot already holds the artifact: same size and digest (and a valid signature). */
    private boolean holds(Path directory, Artifact artifact) {
        Path file = directory.resolve(artifact.slotFile().fileName());
        try {
            if (!Files.isRegularFile(file)
                    || (artifact.size().isPresent() && Files.size(file) != artifact.size().getAsLong())) {
                return false;
            }
            ArtifactCheck check = new ArtifactCheck(artifact, trustedKeys, "in " + directory);
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

    private static Optional<String> readVersion(Path directory) {
        Path file = directory.resolve(SlotFile.VERSION.fileName());
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StageException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void removeIfPresent(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            CrashPoints.reached(file, "removed");
            AtomicFiles.syncDirectory(file.getParent());
        }
    }
}
