package io.kubesolo.update.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubesolo.update.OneLine;
import io.kubesolo.update.verify.Digest;
import io.kubesolo.update.verify.VerifyException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads and writes manifests and indexes. Reading validates everything we later rely on and
 * fails with a {@link OciException.Reason#MALFORMED} naming the document and the field; it never
 * reads more than {@link #MAX_BYTES}. Writing produces the canonical bytes we push and digest.
 */
public final class ManifestCodec {

    /** The cap distribution itself applies to manifests; a release manifest is a few KiB. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    /**
     * Immutable JSON codec, not shared state: Jackson's mapper is thread-safe once configured. A key
     * given twice is refused: the digest covers the bytes, and which value counts must not be up to the parser.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ManifestCodec() {}

    /** Parses a digest a store or the user named; a malformed one is a {@link OciException.Reason#MALFORMED}. */
    static Digest digest(String text) {
        try {
            return Digest.parse(text);
        } catch (VerifyException e) {
            throw new OciException(OciException.Reason.MALFORMED, e.getMessage(), e);
        }
    }

    /** Reads a manifest's bytes, refusing more than {@link #MAX_BYTES}. Closes {@code in}. */
    public static byte[] readCapped(InputStream in, String what) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw tooLarge(what);
            }
            return bytes;
        }
    }

    static OciException tooLarge(String what) {
        return new OciException(
                OciException.Reason.MALFORMED,
                what + " is larger than " + MAX_BYTES / (1024 * 1024) + " MiB; refusing to read it");
    }

    /**
     * Parses a manifest or index. The document's own {@code mediaType} decides what it is; {@code
     * declaredType} (the HTTP Content-Type or the referring descriptor's type) is used when the
     * document has none, and must agree with it when both are known.
     */
    public static OciDocument parse(byte[] bytes, String declaredType, String what) {
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(what);
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw malformed(what, "is not valid JSON (" + OneLine.firstLine(e.getMessage()) + ")");
        }
        if (root == null || !root.isObject()) {
            throw malformed(what, "is not a JSON object");
        }
        JsonNode schemaVersion = root.get("schemaVersion");
        if (schemaVersion == null || !schemaVersion.isInt() || schemaVersion.intValue() != 2) {
            throw malformed(what, "has schemaVersion " + schemaVersion + "; expected 2");
        }
        String mediaType = optionalText(root, "mediaType", what).orElse(declaredType);
        if (mediaType == null || mediaType.isBlank()) {
            throw malformed(what, "has no mediaType");
        }
        boolean declaredKnown = MediaTypes.isIndex(declaredType) || MediaTypes.isManifest(declaredType);
        if (declaredKnown && !declaredType.equals(mediaType)) {
            throw malformed(what, "says it is " + mediaType + " but was served as " + declaredType);
        }
        Map<String, String> annotations = annotations(root, what);
        if (MediaTypes.isIndex(mediaType)) {
            List<Descriptor> manifests = descriptors(root, "manifests", what, true);
            return new ImageIndex(mediaType, manifests, annotations);
        }
        if (MediaTypes.isManifest(mediaType)) {
            JsonNode config = root.get("config");
            if (config == null) {
                throw malformed(what, "has no config");
            }
            JsonNode subject = root.get("subject");
            return new ImageManifest(
                    mediaType,
                    optionalText(root, "artifactType", what),
                    descriptor(config, what + " config"),
                    descriptors(root, "layers", what, false),
                    annotations,
                    subject == null || subject.isNull()
                            ? Optional.empty()
                            : Optional.of(descriptor(subject, what + " subject")));
        }
        throw malformed(what, "has media type " + mediaType + ", which is neither an image manifest nor an index");
    }

    /** Parses and requires an image manifest. */
    public static ImageManifest parseManifest(byte[] bytes, String declaredType, String what) {
        OciDocument document = parse(bytes, declaredType, what);
        if (!(document instanceof ImageManifest imageManifest)) {
            throw malformed(what, "is an index (" + document.mediaType() + "); expected an image manifest");
        }
        return imageManifest;
    }

    public static byte[] write(ImageManifest manifest) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", manifest.mediaType());
        manifest.artifactType().ifPresent(type -> root.put("artifactType", type));
        root.set("config", descriptorNode(manifest.config()));
        ArrayNode layers = root.putArray("layers");
        manifest.layers().forEach(layer -> layers.add(descriptorNode(layer)));
        manifest.subject().ifPresent(subject -> root.set("subject", descriptorNode(subject)));
        putAnnotations(root, manifest.annotations());
        return bytes(root);
    }

    public static byte[] write(ImageIndex index) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", index.mediaType());
        ArrayNode manifests = root.putArray("manifests");
        index.manifests().forEach(manifest -> manifests.add(descriptorNode(manifest)));
        putAnnotations(root, index.annotations());
        return bytes(root);
    }

    private static ObjectNode descriptorNode(Descriptor descriptor) {
        ObjectNode node = JSON.createObjectNode();
        node.put("mediaType", descriptor.mediaType());
        descriptor.artifactType().ifPresent(type -> node.put("artifactType", type));
        node.put("digest", descriptor.digest().toString());
        node.put("size", descriptor.size());
        putAnnotations(node, descriptor.annotations());
        descriptor.platform().ifPresent(platform -> {
            ObjectNode platformNode = node.putObject("platform");
            platformNode.put("architecture", platform.architecture());
            platformNode.put("os", platform.os());
            platform.variant().ifPresent(variant -> platformNode.put("variant", variant));
        });
        return node;
    }

    /** Annotations sorted by key, so the same release always gives the same bytes and digest. */
    private static void putAnnotations(ObjectNode node, Map<String, String> annotations) {
        if (!annotations.isEmpty()) {
            ObjectNode annotationsNode = node.putObject("annotations");
            new TreeMap<>(annotations).forEach(annotationsNode::put);
        }
    }

    private static byte[] bytes(ObjectNode root) {
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of strings and numbers always serializes", e);
        }
    }

    private static List<Descriptor> descriptors(JsonNode root, String field, String what, boolean allowEmpty) {
        JsonNode array = root.get(field);
        if (array == null || !array.isArray()) {
            throw malformed(what, "has no " + field + " array");
        }
        if (array.isEmpty() && !allowEmpty) {
            throw malformed(what, "has an empty " + field + " array");
        }
        List<Descriptor> descriptors = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            descriptors.add(descriptor(array.get(i), what + " " + field + "[" + i + "]"));
        }
        return descriptors;
    }

    private static Descriptor descriptor(JsonNode node, String what) {
        if (!node.isObject()) {
            throw malformed(what, "is not a JSON object");
        }
        String mediaType = optionalText(node, "mediaType", what).orElseThrow(() -> malformed(what, "has no mediaType"));
        String digestText = optionalText(node, "digest", what).orElseThrow(() -> malformed(what, "has no digest"));
        Digest digest;
        try {
            digest = Digest.parse(digestText);
        } catch (VerifyException e) {
            throw malformed(what, "has a bad digest: " + e.getMessage());
        }
        JsonNode size = node.get("size");
        if (size == null || !size.canConvertToExactIntegral() || !size.canConvertToLong() || size.longValue() < 0) {
            throw malformed(what, "has size " + size + "; expected a non-negative integer");
        }
        Optional<Platform> platform = Optional.empty();
        JsonNode platformNode = node.get("platform");
        if (platformNode != null && !platformNode.isNull()) {
            String platformWhat = what + " platform";
            if (!platformNode.isObject()) {
                throw malformed(platformWhat, "is not a JSON object");
            }
            platform = Optional.of(new Platform(
                    optionalText(platformNode, "os", platformWhat)
                            .orElseThrow(() -> malformed(platformWhat, "has no os")),
                    optionalText(platformNode, "architecture", platformWhat)
                            .orElseThrow(() -> malformed(platformWhat, "has no architecture")),
                    optionalText(platformNode, "variant", platformWhat)));
        }
        return new Descriptor(
                mediaType,
                digest,
                size.longValue(),
                annotations(node, what),
                platform,
                optionalText(node, "artifactType", what));
    }

    private static Map<String, String> annotations(JsonNode node, String what) {
        JsonNode annotations = node.get("annotations");
        if (annotations == null || annotations.isNull()) {
            return Map.of();
        }
        if (!annotations.isObject()) {
            throw malformed(what, "has annotations that are not a JSON object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : annotations.properties()) {
            if (!field.getValue().isTextual()) {
                throw malformed(what, "has annotation " + field.getKey() + " that is not a string");
            }
            values.put(field.getKey(), field.getValue().textValue());
        }
        return values;
    }

    private static Optional<String> optionalText(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw malformed(what, "has " + field + " that is not a string");
        }
        return Optional.of(value.textValue());
    }

    static OciException malformed(String what, String why) {
        return new OciException(OciException.Reason.MALFORMED, what + " " + why);
    }
}
