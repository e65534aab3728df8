package io.kubesolo.update.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubesolo.update.verify.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Writes a runnable container image (OCI image spec: image config, manifest, index) into a
 * {@link ContentStore}: one gzip-compressed layer per architecture, each with its own config and
 * manifest, all under one index tagged {@code tag}. The package step writes the image of the
 * Kubernetes manifests this way into an OCI layout, which {@code skopeo copy --all} pushes to a
 * registry (docs/operations.md).
 */
public final class ContainerImageWriter {

    public static final String CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUFFER = 128 * 1024;

    private final ContentStore store;

    public ContainerImageWriter(ContentStore store) {
        this.store = store;
    }

    /** The root file system of one architecture ({@code amd64}, {@code arm64}): a gzip-compressed tar. */
    public record ArchitectureLayer(String architecture, Path layer) {}

    /**
     * Stores every architecture's layer, config and manifest, then the index under {@code tag};
     * {@code environment} ({@code NAME=value}) is the containers' environment. Returns the index.
     */
    public Descriptor write(String tag, List<ArchitectureLayer> layers, List<String> environment) {
        Reference.checkTag(tag);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("an image needs at least one architecture");
        }
        List<Descriptor> manifests = new ArrayList<>();
        for (ArchitectureLayer layer : layers) {
            manifests.add(writeManifest(layer, environment));
        }
        byte[] index = ManifestCodec.write(new ImageIndex(MediaTypes.OCI_INDEX, manifests, Map.of()));
        store.pushManifest(index, MediaTypes.OCI_INDEX, tag);
        return Descriptor.of(MediaTypes.OCI_INDEX, Digest.of(index), index.length);
    }

    private Descriptor writeManifest(ArchitectureLayer architectureLayer, List<String> environment) {
        Path file = architectureLayer.layer();
        Descriptor layer = Pusher.describeFile(file, LAYER);
        store.pushBlobIfMissing(layer, () -> Files.newInputStream(file));
        Platform platform = platformOf(architectureLayer.architecture());

        byte[] config = config(platform, diffId(file), environment);
        Descriptor configDescriptor = Descriptor.of(CONFIG, Digest.of(config), config.length);
        store.pushBlobIfMissing(configDescriptor, () -> new ByteArrayInputStream(config));

        byte[] manifest = ManifestCodec.write(new ImageManifest(
                MediaTypes.OCI_MANIFEST, Optional.empty(), configDescriptor, List.of(layer), Map.of()));
        Descriptor manifestDescriptor = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.of(manifest), manifest.length);
        store.pushBlobIfMissing(manifestDescriptor, () -> new ByteArrayInputStream(manifest));
        return new Descriptor(
                MediaTypes.OCI_MANIFEST,
                manifestDescriptor.digest(),
                manifest.length,
                Map.of(),
                Optional.of(platform),
                Optional.empty());
    }

    private static Platform platformOf(String architecture) {
        return switch (architecture) {
            case "amd64" -> new Platform("linux", "amd64", Optional.empty());
            case "arm64" -> new Platform("linux", "arm64", Optional.of("v8"));
            default -> throw new IllegalArgumentException("unknown architecture " + architecture + " (amd64 or arm64)");
        };
    }

    /** The image config: platform, environment, and the layer's uncompressed digest ({@code rootfs.diff_ids}). */
    private static byte[] config(Platform platform, Digest diffId, List<String> environment) {
        ObjectNode root = JSON.createObjectNode();
        root.put("architecture", platform.architecture());
        root.put("os", platform.os());
        platform.variant().ifPresent(variant -> root.put("variant", variant));
        ObjectNode config = root.putObject("config");
        environment.forEach(config.putArray("Env")::add);
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(diffId.toString());
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an image config always serialises", e);
        }
    }

    /** SHA-256 of the layer's uncompressed tar, as the config's {@code diff_ids} name it. */
    private static Digest diffId(Path layer) {
        MessageDigest sha256 = Digest.newSha256();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = new GZIPInputStream(Files.newInputStream(layer), BUFFER)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new OciException(
                    OciException.Reason.MALFORMED, "cannot read " + layer + " as a gzip-compressed layer: " + e, e);
        }
        return Digest.ofFinished(sha256);
    }
}
