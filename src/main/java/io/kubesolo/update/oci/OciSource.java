package io.kubesolo.update.oci;

import io.kubesolo.update.Artifact;
import io.kubesolo.update.Release;
import io.kubesolo.update.ReleaseMetadata;
import io.kubesolo.update.UpdateSource;
import io.kubesolo.update.cache.FetchCache;
import io.kubesolo.update.delta.ChunkIndex;
import io.kubesolo.update.delta.ChunkIndexCodec;
import io.kubesolo.update.delta.DeltaException;
import io.kubesolo.update.slot.SlotFile;
import io.kubesolo.update.verify.TrustedKeys;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Releases from an OCI registry or layout directory (spec §6). {@link #fetchRelease()} follows
 * the tag to this machine's manifest and reads metadata from its annotations and artifacts from
 * its kernel and initramfs layers (found by media type; other layers are ignored), downloading no
 * layer. {@link #open} hands out a stream bounded by the blob's size; the stager checks its digest.
 *
 * <p>With trusted keys, the manifest must carry a valid signature referrer by one of them
 * ({@link ManifestAuthenticator}) before anything in it is read: the release returned is then
 * authenticated, and since the signed manifest names each layer's digest and size, so is every
 * byte that matches them ({@link Release.ArtifactTrust#SIGNED_DIGESTS}). Without keys, releases
 * are checked against digests only.
 * Given a {@link FetchCache}, a repeated fetch of an unchanged tag costs one HEAD request.
 */
public final class OciSource implements UpdateSource {

    private final ContentStore store;
    private final String tag;
    private final String architecture;
    private final TrustedKeys trustedKeys;
    private final ManifestCache manifests;
    private final Consumer<String> warnings;
    /** The chunk index layers of the last release fetched, by the file they index. */
    private final Map<SlotFile, Descriptor> chunkIndexes = new EnumMap<>(SlotFile.class);

    /**
     * @param store        registry repository or layout directory
     * @param tag          the release's tag, e.g. {@code stable}
     * @param architecture this machine's architecture in Go's names ({@code amd64}, {@code arm64})
     * @param trustedKeys  keys one of which must have signed the manifest; none = not authenticated
     * @param cache        the manifests the last run fetched ({@link ManifestCache})
     * @param warnings     where an unreadable informational annotation is reported, one line each
     */
    public OciSource(
            ContentStore store,
            String tag,
            String architecture,
            TrustedKeys trustedKeys,
            FetchCache cache,
            Consumer<String> warnings) {
        this.store = store;
        this.tag = Reference.checkTag(tag);
        this.architecture = architecture;
        this.trustedKeys = trustedKeys;
        this.manifests = new ManifestCache(store, cache);
        this.warnings = warnings;
    }

    @Override
    public String describe() {
        return store.describe() + ":" + tag;
    }

    @Override
    public Release fetchRelease() {
        ReleaseResolver.Resolved resolved = new ReleaseResolver(store, architecture, manifests).resolve(tag);
        if (!trustedKeys.isEmpty()) {
            new ManifestAuthenticator(store, trustedKeys).authenticate(resolved.fetched(), resolved.what());
        }
        ReleaseMetadata metadata =
                ReleaseAnnotations.read(resolved.manifest().annotations(), resolved.what(), warnings);
        Release release = new Release(
                metadata,
                artifacts(resolved),
                trustedKeys.isEmpty() ? Release.ArtifactTrust.OWN_SIGNATURE : Release.ArtifactTrust.SIGNED_DIGESTS);
        chunkIndexes.clear();
        for (Descriptor layer : resolved.manifest().layers()) {
            if (layer.mediaType().equals(MediaTypes.CHUNK_INDEX) && layer.size() <= ChunkIndexCodec.MAX_BYTES) {
                Optional.ofNullable(layer.annotations().get(Pusher.TITLE))
                        .flatMap(title -> List.of(SlotFile.KERNEL, SlotFile.INITRAMFS).stream()
                                .filter(file -> title.equals(file.fileName() + Pusher.CHUNK_INDEX_SUFFIX))
                                .findFirst())
                        .ifPresent(file -> chunkIndexes.putIfAbsent(file, layer));
            }
        }
        manifests.save();
        return release;
    }

    private List<Artifact> artifacts(ReleaseResolver.Resolved resolved) {
        List<Artifact> artifacts = new ArrayList<>();
        for (SlotFile slotFile : List.of(SlotFile.KERNEL, SlotFile.INITRAMFS)) {
            String mediaType = mediaTypeOf(slotFile);
            List<Descriptor> layers = resolved.manifest().layers().stream()
                    .filter(layer -> layer.mediaType().equals(mediaType))
                    .toList();
            if (layers.size() != 1) {
                throw ManifestCodec.malformed(
                        resolved.what(),
                        "has " + layers.size() + " layers of media type " + mediaType + " (" + slotFile.fileName()
                                + "); expected exactly one");
            }
            Descriptor layer = layers.get(0);
            artifacts.add(new Artifact(
                    slotFile,
                    store.blobLocation(layer.digest()),
                    layer.digest(),
                    OptionalLong.of(layer.size()),
                    Optional.empty()));
        }
        return artifacts;
    }

    /** The layer media type a slot file travels as (spec §6). */
    static String mediaTypeOf(SlotFile slotFile) {
        return switch (slotFile) {
            case KERNEL -> MediaTypes.KERNEL;
            case INITRAMFS -> MediaTypes.INITRAMFS;
            default -> throw new IllegalArgumentException(slotFile + " is not shipped as a layer");
        };
    }

    /**
     * The chunk index layer titled {@code <file>.chunks.json}, its digest and size checked against
     * the manifest's descriptor (the manifest is what the signature covers).
     */
    @Override
    public Optional<ChunkIndex> chunkIndex(Artifact artifact) {
        Descriptor layer = chunkIndexes.get(artifact.slotFile());
        if (layer == null) {
            return Optional.empty();
        }
        String what = "chunk index of " + artifact.slotFile().fileName() + " (blob " + layer.digest() + " from "
                + store.describe() + ")";
        try (InputStream in = VerifyingInputStream.whole(store.openBlob(layer.digest(), 0), layer, what)) {
            return Optional.of(new ChunkIndexCodec().parse(in.readAllBytes(), what));
        } catch (IOException e) {
            throw new OciException(OciException.Reason.REGISTRY_ERROR, what + ": " + e.getMessage(), e);
        }
    }

    /** A bounded range of the artifact's blob; a registry that sends the whole blob is refused. */
    @Override
    public InputStream openRange(Artifact artifact, long offset, long length) {
        return store.openBlobRange(artifact.digest(), offset, length)
                .orElseThrow(() -> new DeltaException(
                        DeltaException.Reason.RANGES_UNSUPPORTED,
                        store.describe() + " answered a Range request for "
                                + artifact.slotFile().fileName() + " with the whole blob"));
    }

    /**
     * Opens an artifact from {@code offset}, bounded by its descriptor's size: more bytes are
     * refused as they arrive, fewer are a broken transfer. The digest is the caller's to check
     * (the stager's {@code ArtifactCheck}), which hashes every byte once, whether it arrived in
     * this run or an earlier one.
     */
    @Override
    public InputStream open(Artifact artifact, long offset) {
        Descriptor blob = Descriptor.of(
                mediaTypeOf(artifact.slotFile()),
                artifact.digest(),
                artifact.size()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "an OCI artifact always has a size: " + artifact.location())));
        String what = artifact.slotFile().fileName() + " blob " + blob.digest() + " from " + store.describe();
        return VerifyingInputStream.bounded(store.openBlob(blob, offset), blob, offset, what);
    }
}
