package io.kubesolo.update.stage;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubesolo.update.Artifact;
import io.kubesolo.update.fs.AtomicFiles;
import io.kubesolo.update.fs.ProcessUser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A download in progress in the passive slot, kept across failures and process deaths so that
 * the next attempt continues it: the bytes so far in {@code .<name>.tmp} beside the target, and
 * a sidecar {@code .<name>.partial.json} saying what they are the start of:
 * {@code {"sha256": "<hex>", "size": <bytes or null>, "location": "<url>"}}.
 *
 * <p>The sidecar is written (atomically) before the first byte, so bytes without a sidecar, or
 * with one naming another digest or size, belong to nothing the agent is downloading and are
 * discarded. The length of the data file is the progress: every byte in it passed through the
 * stager's size check, and the whole is verified against the digest when the file is complete.
 *
 * <p>The data file is only continued when it is one of ours: a regular file with one link, owned
 * by this process's user, opened without following a symbolic link. Anything else found there
 * (a link to the running slot's kernel, planted with a matching sidecar) is refused by name,
 * never written through. It is created mode 0600.
 */
final class PartialFile {

    /** A sidecar is a hundred bytes; anything much larger is not one of ours. */
    private static final int MAX_SIDECAR_BYTES = 64 * 1024;

    private final Path data;
    private final Path sidecar;
    private final ObjectMapper json;

    private PartialFile(Path data, Path sidecar, ObjectMapper json) {
        this.data = data;
        this.sidecar = sidecar;
        this.json = json;
    }

    /** The partial download of {@code target}. */
    static PartialFile of(Path target, ObjectMapper json) {
        return new PartialFile(
                AtomicFiles.temporarySibling(target),
                target.resolveSibling("." + target.getFileName() + ".partial.json"),
                json);
    }

    Path data() {
        return data;
    }

    Path sidecar() {
        return sidecar;
    }

    /**
     * How many bytes of {@code artifact} are already here to continue from; 0 after discarding
     * whatever is here when it is not a partial download of this artifact (no sidecar, another
     * digest or size, more bytes than the artifact has).
     */
    long usableBytes(Artifact artifact) throws IOException {
        AtomicFiles.refuseSymbolicLink(data);
        if (!Files.isRegularFile(data, LinkOption.NOFOLLOW_LINKS)) {
            discard();
            return 0;
        }
        requireOurs();
        long length = Files.size(data);
        if (!describes(artifact)
                || (artifact.size().isPresent() && length > artifact.size().getAsLong())) {
            discard();
            return 0;
        }
        return length;
    }

    /** Starts afresh: the sidecar for {@code artifact}, then an empty data file, both durable. */
    void begin(Artifact artifact) throws IOException {
        ObjectNode node = json.createObjectNode()
                .put("sha256", artifact.digest().hex())
                .put("location", artifact.location().toString());
        if (artifact.size().isPresent()) {
            node.put("size", artifact.size().getAsLong());
        } else {
            node.putNull("size");
        }
        AtomicFiles.write(sidecar, json.writeValueAsBytes(node));
        try (FileChannel channel = AtomicFiles.createPrivateTemporary(data)) {
            channel.force(true);
        }
        AtomicFiles.syncDirectory(data.getParent());
    }

    /** The data file opened to append the next bytes: never through a link. */
    FileChannel openForAppend() throws IOException {
        return FileChannel.open(data, StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
    }

    /** A hard link to another file, or a file someone else made, is not a download of ours to continue. */
    private void requireOurs() throws IOException {
        int links = (Integer) Files.getAttribute(data, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        if (links != 1 || !ProcessUser.owns(data)) {
            throw new FileSystemException(
                    data.toString(),
                    null,
                    "is not a partial download of ours ("
                            + (links != 1
                                    ? links + " hard links"
                                    : "owned by uid " + Files.getAttribute(data, "unix:uid", LinkOption.NOFOLLOW_LINKS))
                            + "); refusing to continue it");
        }
    }

    /** Removes the data and the sidecar (data first: bytes without a sidecar are discarded anyway). */
    void discard() throws IOException {
        boolean removed = Files.deleteIfExists(data);
        removed |= Files.deleteIfExists(sidecar);
        if (removed) {
            AtomicFiles.syncDirectory(data.getParent());
        }
    }

    /** Removes the partial download when it holds no byte. */
    void discardIfEmpty() throws IOException {
        if (!Files.isRegularFile(data, LinkOption.NOFOLLOW_LINKS) || Files.size(data) == 0) {
            discard();
        }
    }

    /** Renames the complete, verified, flushed data over {@code target}, then drops the sidecar. */
    void complete(Path target) throws IOException {
        AtomicFiles.replace(data, target);
        if (Files.deleteIfExists(sidecar)) {
            AtomicFiles.syncDirectory(sidecar.getParent());
        }
    }

    private boolean describes(Artifact artifact) throws IOException {
        JsonNode node;
        try (InputStream in = Files.newInputStream(sidecar, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(MAX_SIDECAR_BYTES + 1);
            if (bytes.length > MAX_SIDECAR_BYTES) {
                return false;
            }
            node = json.readTree(bytes);
        } catch (NoSuchFileException e) {
            return false;
        } catch (JacksonException e) {
            return false; // a sidecar cut by a crash mid-write cannot happen (atomic), but a damaged disk can
        }
        if (node == null
                || !artifact.digest().hex().equalsIgnoreCase(node.path("sha256").asText(""))) {
            return false;
        }
        JsonNode size = node.path("size");
        return artifact.size().isPresent()
                ? size.isIntegralNumber() && size.asLong() == artifact.size().getAsLong()
                : size.isNull();
    }
}
