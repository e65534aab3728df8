package io.kubesolo.update.delta;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubesolo.update.verify.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The chunk index as JSON (docs/delta.md, "The chunk index"):
 * <pre>
 * {"mediaType": "application/vnd.kubesolo.os.chunk-index.v1+json",
 *  "chunker": {"algorithm": "fastcdc-gear64-v1", "min": 16384, "avg": 65536, "max": 262144},
 *  "size": 104857600, "sha256": "&lt;hex of the whole file&gt;",
 *  "chunks": [[0, 81234, "&lt;hex&gt;"], [81234, 40960, "&lt;hex&gt;"], ...]}
 * </pre>
 * Each chunk is {@code [offset, length, sha256]}: an array rather than an object keeps the index of
 * a 100 MiB file near 150 KB. Unknown keys are ignored (later versions may add some); a key given
 * twice, a wrong type, another media type or algorithm are refused.
 */
public final class ChunkIndexCodec {

    public static final String MEDIA_TYPE = "application/vnd.kubesolo.os.chunk-index.v1+json";
    /** The index of a 4 GiB file cut at the defaults is about 6 MB; far more is not an index. */
    public static final int MAX_BYTES = 32 * 1024 * 1024;

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private final ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    public byte[] write(ChunkIndex index) {
        ObjectNode root = json.createObjectNode().put("mediaType", MEDIA_TYPE);
        root.putObject("chunker")
                .put("algorithm", ChunkParameters.ALGORITHM)
                .put("min", index.parameters().min())
                .put("avg", index.parameters().avg())
                .put("max", index.parameters().max());
        root.put("size", index.size()).put("sha256", index.digest().hex());
        ArrayNode chunks = root.putArray("chunks");
        for (Chunk chunk : index.chunks()) {
            chunks.addArray()
                    .add(chunk.offset())
                    .add(chunk.length())
                    .add(chunk.digest().hex());
        }
        try {
            return json.writeValueAsBytes(root);
        } catch (JacksonException e) {
            throw new IllegalStateException("a tree of numbers and strings always serializes", e);
        }
    }

    /**
     * Parses and checks an index.
     *
     * @param what for messages: "chunk index of kubesolo-os.gz from http://x/v2/kubesolo-os.gz.chunks.json"
     * @throws DeltaException naming {@code what} and the first thing wrong
     */
    public ChunkIndex parse(byte[] bytes, String what) {
        if (bytes.length > MAX_BYTES) {
            throw new DeltaException(what + " is larger than " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = json.readTree(bytes);
        } catch (IOException e) {
            throw new DeltaException(what + " is not valid JSON: " + firstLine(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new DeltaException(what + " is not a JSON object");
        }
        if (!MEDIA_TYPE.equals(root.path("mediaType").asText(null))) {
            throw new DeltaException(
                    what + " has mediaType '" + root.path("mediaType").asText("") + "', expected " + MEDIA_TYPE);
        }
        JsonNode chunker = root.path("chunker");
        if (!ChunkParameters.ALGORITHM.equals(chunker.path("algorithm").asText(null))) {
            throw new DeltaException(what + " was cut with '"
                    + chunker.path("algorithm").asText("") + "'; this agent" + " knows " + ChunkParameters.ALGORITHM);
        }
        try {
            ChunkParameters parameters = new ChunkParameters(
                    integer(chunker, "min", what), integer(chunker, "avg", what), integer(chunker, "max", what));
            long size = number(root.path("size"), "size", what);
            Digest digest = digest(root.path("sha256"), "sha256", what);
            JsonNode list = root.path("chunks");
            if (!list.isArray()) {
                throw new DeltaException(what + " has no 'chunks' array");
            }
            List<Chunk> chunks = new ArrayList<>(list.size());
            for (JsonNode entry : list) {
                if (!entry.isArray() || entry.size() != 3) {
                    throw new DeltaException(what + ": chunk " + chunks.size() + " is not [offset, length, sha256]");
                }
                long length = number(entry.get(1), "chunk length", what);
                if (length > Integer.MAX_VALUE) {
                    throw new DeltaException(what + ": chunk " + chunks.size() + " is " + length + " bytes long");
                }
                chunks.add(new Chunk(
                        number(entry.get(0), "chunk offset", what),
                        (int) length,
                        digest(entry.get(2), "chunk sha256", what)));
            }
            return new ChunkIndex(parameters, size, digest, chunks);
        } catch (DeltaException e) {
            throw e.getMessage().startsWith(what) ? e : new DeltaException(what + ": " + e.getMessage(), e);
        }
    }

    private static int integer(JsonNode node, String key, String what) {
        long value = number(node.path(key), "chunker " + key, what);
        if (value > Integer.MAX_VALUE) {
            throw new DeltaException(what + ": chunker " + key + " " + value + " is too large");
        }
        return (int) value;
    }

    private static long number(JsonNode node, String key, String what) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
            throw new DeltaException(what + ": " + key + " is not a number ≥ 0");
        }
        return node.asLong();
    }

    private static Digest digest(JsonNode node, String key, String what) {
        if (node == null || !node.isTextual() || !HEX.matcher(node.asText()).matches()) {
            throw new DeltaException(what + ": " + key + " is not 64 lowercase hex digits");
        }
        return Digest.parseHex(node.asText());
    }

    private static String firstLine(IOException e) {
        String message = e instanceof JacksonException jackson ? jackson.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
