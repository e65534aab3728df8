package io.kubesolo.update.oci;

import io.kubesolo.update.ReleaseMetadata;
import io.kubesolo.update.delta.ChunkIndex;
import io.kubesolo.update.delta.ChunkIndexCodec;
import io.kubesolo.update.slot.SlotFile;
import io.kubesolo.update.verify.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Publishes one architecture's release as an OCI artifact (spec §6): the kernel and initramfs as
 * layers titled with their slot file names, the OCI empty config, artifact type
 * {@code application/vnd.kubesolo.os.update.v1}, the metadata as annotations, and a chunk index
 * layer per file for delta updates (docs/delta.md). Blobs the store
 * already has are not uploaded again. Tagged {@code <version>-<architecture>} and any extra tags.
 */
public final class Pusher {

    static final String TITLE = "org.opencontainers.image.title";
    /** A chunk index layer's title: the title of the file it indexes and this. */
    static final String CHUNK_INDEX_SUFFIX = ".chunks.json";
    /** The OCI empty config, {@code {}}, that release and signature artifacts carry. */
    static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.UTF_8);

    private final ContentStore store;

    public Pusher(ContentStore store) {
        this.store = store;
    }

    /** What was pushed: the manifest's descriptor and the tags it is under. */
    public record Pushed(Descriptor manifest, List<String> tags) {}

    /**
     * Pushes a release. {@code metadata.architecture()} is required: it names the tag and lets the
     * agent and {@link IndexComposer} place the manifest.
     */
    public Pushed push(Path kernel, Path initramfs, ReleaseMetadata metadata, List<String> extraTags) {
        String architecture = metadata.architecture()
                .orElseThrow(() -> new IllegalArgumentException("a pushed release needs an architecture"));
        Set<String> tags = new LinkedHashSet<>();
        tags.add(Reference.checkTag(metadata.version() + "-" + architecture));
        extraTags.forEach(tag -> tags.add(Reference.checkTag(tag)));

        Descriptor config = pushEmptyConfig(store);
        List<Descriptor> layers = new ArrayList<>();
        layers.add(pushFile(kernel, SlotFile.KERNEL));
        layers.add(pushFile(initramfs, SlotFile.INITRAMFS));
        layers.add(pushChunkIndex(kernel, SlotFile.KERNEL));
        layers.add(pushChunkIndex(initramfs, SlotFile.INITRAMFS));

        ImageManifest manifest = new ImageManifest(
                MediaTypes.OCI_MANIFEST,
                Optional.of(MediaTypes.UPDATE_ARTIFACT),
                config,
                layers,
                ReleaseAnnotations.write(metadata));
        byte[] bytes = ManifestCodec.write(manifest);
        for (String tag : tags) {
            store.pushManifest(bytes, MediaTypes.OCI_MANIFEST, tag);
        }
        Descriptor pushed = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.of(bytes), bytes.length);
        return new Pushed(pushed, List.copyOf(tags));
    }

    private Descriptor pushFile(Path file, SlotFile slotFile) {
        Descriptor layer =
                describeFile(file, OciSource.mediaTypeOf(slotFile)).withAnnotations(Map.of(TITLE, slotFile.fileName()));
        store.pushBlobIfMissing(layer, () -> Files.newInputStream(file));
        return layer;
    }

    /**
     * The chunk index of a file for delta updates (docs/delta.md), as a layer of its own media type
     * titled {@code <file>.chunks.json}: the signed manifest names its digest.
     */
    private Descriptor pushChunkIndex(Path file, SlotFile slotFile) {
        byte[] bytes;
        try {
            bytes = new ChunkIndexCodec().write(ChunkIndex.ofFile(file));
        } catch (IOException e) {
            throw new OciException(
                    OciException.Reason.NOT_FOUND,
                    "cannot read " + file + " to index its chunks ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
        Descriptor layer = Descriptor.of(MediaTypes.CHUNK_INDEX, Digest.of(bytes), bytes.length)
                .withAnnotations(Map.of(TITLE, slotFile.fileName() + CHUNK_INDEX_SUFFIX));
        store.pushBlobIfMissing(layer, () -> new ByteArrayInputStream(bytes));
        return layer;
    }

    /** Stores the OCI empty config unless {@code store} has it; returns its descriptor. */
    static Descriptor pushEmptyConfig(ContentStore store) {
        Descriptor config = Descriptor.of(MediaTypes.EMPTY_CONFIG, Digest.of(EMPTY_CONFIG), EMPTY_CONFIG.length);
        store.pushBlobIfMissing(config, () -> new ByteArrayInputStream(EMPTY_CONFIG));
        return config;
    }

    /** Digest and size of a file, read once as a stream. */
    static Descriptor describeFile(Path file, String mediaType) {
        java.security.MessageDigest sha256 = Digest.newSha256();
        long size = 0;
        byte[] buffer = new byte[128 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; size += n) {
                sha256.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new OciException(
                    OciException.Reason.NOT_FOUND,
                    "cannot read " + file + " to push it (" + e.getClass().getSimpleName() + ")",
                    e);
        }
        return Descriptor.of(mediaType, Digest.ofFinished(sha256), size);
    }
}
