package io.kubesolo.update.cache;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.kubesolo.update.fs.AtomicFiles;
import io.kubesolo.update.fs.BookkeepingFile;
import io.kubesolo.update.verify.Digest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the last run fetched of the release metadata, so that the next can ask "has it changed?"
 * instead of fetching it again: {@code latest.json} and its signature with their {@code ETag} and
 * {@code Last-Modified}, the manifests a registry tag led to. Kept in
 * {@code /var/lib/kubesolo/update/fetch-cache.json}, next to state.json.
 *
 * <p>A cache never decides what is trusted: whatever comes out of it goes through the same checks
 * as a fresh answer (signatures over the exact bytes, manifest digests). Each entry carries the
 * SHA-256 of its bytes; an entry that does not match is dropped. A missing, unreadable or corrupt
 * file is an empty cache (with a warning when it exists), and a file that cannot be written only
 * costs the next run a full fetch: losing the cache never stops an update.
 *
 * <p>{@link #save()} writes the entries this run looked up or stored, and no others, so the file
 * holds one release's metadata and does not grow. Writes are atomic. Not thread-safe: one run.
 */
public final class FetchCache {

    public static final String FILE_NAME = "fetch-cache.json";
    /** latest.json is at most 1 MiB and a manifest at most 4 MiB; a few of them, base64-encoded. */
    private static final long MAX_BYTES = 32L * 1024 * 1024;

    // Names and inclusion set on the mapper, not by annotations on the records: reading an annotation
    // generates a proxy class at run time, five of them for the two records (docs/performance.md).
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final Optional<Path> file;
    private final Consumer<String> warnings;
    private final Map<String, CachedDocument> loaded;
    private final Map<String, CachedDocument> used = new LinkedHashMap<>();
    private boolean changed;

    private FetchCache(Optional<Path> file, Consumer<String> warnings, Map<String, CachedDocument> loaded) {
        this.file = file;
        this.warnings = warnings;
        this.loaded = loaded;
    }

    /** A cache that holds nothing and writes nothing: every fetch is a full one. */
    public static FetchCache disabled() {
        return new FetchCache(Optional.empty(), warning -> {}, new LinkedHashMap<>());
    }

    /** The cache in the directory of {@code stateFile}, so that {@code --state} moves it too. */
    public static FetchCache nextTo(Path stateFile, Consumer<String> warnings) {
        return load(stateFile.resolveSibling(FILE_NAME), warnings);
    }

    public static FetchCache load(Path file, Consumer<String> warnings) {
        return new FetchCache(Optional.of(file), warnings, new LinkedHashMap<>(read(file, warnings)));
    }

    /** The entry under {@code key}, if the last run stored one; looking it up keeps it for the next run. */
    public Optional<CachedDocument> get(String key) {
        CachedDocument document = used.containsKey(key) ? used.get(key) : loaded.get(key);
        if (document != null) {
            used.put(key, document);
        }
        return Optional.ofNullable(document);
    }

    public void put(String key, CachedDocument document) {
        used.put(key, document);
        changed = true;
    }

    /** Forgets an entry that turned out not to be usable, so that it is neither used nor saved again. */
    public void remove(String key) {
        boolean known = used.remove(key) != null;
        known |= loaded.remove(key) != null;
        changed |= known;
    }

    /** Writes the entries this run used, when they differ from what was loaded; a failure is a warning. */
    public void save() {
        if (file.isEmpty() || (!changed && used.keySet().equals(loaded.keySet()))) {
            return;
        }
        Map<String, Stored> entries = new LinkedHashMap<>();
        used.forEach((key, document) -> entries.put(key, Stored.of(document)));
        try {
            AtomicFiles.writeShared(file.get(), JSON.writeValueAsBytes(new StoredFile(entries)));
        } catch (IOException e) {
            warnings.accept("cannot write " + file.get() + " (" + e.getMessage()
                    + "); the next check fetches everything again");
        }
    }

    private static Map<String, CachedDocument> read(Path file, Consumer<String> warnings) {
        StoredFile stored = BookkeepingFile.read(
                file,
                MAX_BYTES,
                bytes -> JSON.readValue(bytes, StoredFile.class),
                new StoredFile(null),
                file.toString(),
                "ignoring it",
                warnings);
        Map<String, CachedDocument> entries = new LinkedHashMap<>();
        if (stored.entries() != null) {
            stored.entries().forEach((key, entry) -> entry.toDocument()
                    .ifPresentOrElse(
                            document -> entries.put(key, document),
                            () -> warnings.accept(file + ": the entry for " + key + " is damaged; ignoring it")));
        }
        return entries;
    }

    /** The file: {@code {"entries": {"<key>": {...}}}}. */
    private record StoredFile(Map<String, Stored> entries) {}

    /** One entry: {@code etag}, {@code last_modified}, {@code media_type}, {@code sha256}, {@code body} (base64). */
    @SuppressWarnings("ArrayRecordComponent") // the JSON shape of the cache file for Jackson, never compared or kept
    private record Stored(String etag, String lastModified, String mediaType, String sha256, byte[] body) {

        static Stored of(CachedDocument document) {
            return new Stored(
                    document.etag().orElse(null),
                    document.lastModified().orElse(null),
                    document.mediaType(),
                    Digest.of(document.bytes()).hex(),
                    document.bytes());
        }

        /** The document, when its bytes still have the digest stored with them. */
        Optional<CachedDocument> toDocument() {
            if (body == null || sha256 == null || !Digest.of(body).hex().equals(sha256)) {
                return Optional.empty();
            }
            return Optional.of(new CachedDocument(
                    Optional.ofNullable(etag),
                    Optional.ofNullable(lastModified),
                    mediaType == null ? "" : mediaType,
                    body));
        }
    }
}
