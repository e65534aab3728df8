package io.kubesolo.update.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.kubesolo.update.Artifact;
import io.kubesolo.update.Closeables;
import io.kubesolo.update.OneLine;
import io.kubesolo.update.Outcome;
import io.kubesolo.update.Release;
import io.kubesolo.update.ReleaseMetadata;
import io.kubesolo.update.RolloutPercent;
import io.kubesolo.update.UpdateException;
import io.kubesolo.update.UpdateSource;
import io.kubesolo.update.cache.FetchCache;
import io.kubesolo.update.delta.ChunkIndex;
import io.kubesolo.update.delta.ChunkIndexCodec;
import io.kubesolo.update.delta.DeltaException;
import io.kubesolo.update.slot.SlotFile;
import io.kubesolo.update.verify.Digest;
import io.kubesolo.update.verify.Signatures;
import io.kubesolo.update.verify.TrustedKeys;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * An HTTP update server (spec §4): {@code GET <server>/latest.json} describes the release, its
 * files are wherever the document's URLs point (relative ones resolve against {@code <server>/}).
 *
 * <p>With trusted keys configured, the exact bytes of {@code latest.json} must carry a valid
 * signature before any field is believed: it is fetched from {@code metadata_sig_url} when the
 * document names one, else from {@code <server>/latest.json.sig}. {@code vmlinuz_sig_url} and
 * {@code initramfs_sig_url} are then required; their signatures travel in
 * {@link Artifact#signature()} and are checked while the files stream. A missing signature (no URL,
 * or 404) is a refusal; a 5xx is a failure. Without keys, signature URLs are ignored.
 *
 * <p>The size of each file comes from {@code vmlinuz_size}/{@code initramfs_size} when present,
 * else from a HEAD request; it is then enforced on the download.
 *
 * <p>Given a {@link FetchCache}, {@code latest.json} and the signatures are fetched with
 * conditional requests ({@link CachedDocuments}): an unchanged server answers 304 and the kept
 * bytes are verified again, exactly as fresh ones.
 */
public final class HttpSource implements UpdateSource {

    /** {@code latest.json} is a few hundred bytes; a megabyte means something is wrong. */
    static final int MAX_METADATA_BYTES = 1024 * 1024;
    /** A signature file is 64 bytes, or 128 hex characters and a newline. */
    static final int MAX_SIGNATURE_BYTES = 1024;

    private final URI base;
    private final HttpTransport transport;
    private final TrustedKeys trustedKeys;
    private final CachedDocuments documents;
    private final Consumer<String> warnings;
    /** The chunk indexes the last fetched {@code latest.json} names, by the file they index. */
    private final Map<SlotFile, ChunkIndexReference> chunkIndexes = new EnumMap<>(SlotFile.class);
    /** A key given twice is refused: which one counts would be up to the parser, not the signer. */
    private final ObjectMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** A source that fetches its metadata whole every time and ignores what it would warn about. */
    /**
     * @param server   the server URL as configured; see {@link #parseServer}
     * @param cache    what the last run fetched, for conditional requests ({@link CachedDocuments})
     * @param warnings where a malformed informational field of latest.json is reported, one line each
     */
    public HttpSource(
            URI server, HttpTransport transport, TrustedKeys trustedKeys, FetchCache cache, Consumer<String> warnings) {
        HttpTransport.requireHttp(server, "update server");
        String text = server.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.transport = transport;
        this.trustedKeys = trustedKeys;
        this.documents = new CachedDocuments(transport, cache);
        this.warnings = warnings;
    }

    /**
     * Parses a configured server URL.
     *
     * @throws HttpSourceException (USAGE) when it is not an absolute http:// or https:// URL
     */
    public static URI parseServer(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
            HttpTransport.requireHttp(uri, "update server");
        } catch (URISyntaxException | HttpSourceException e) {
            throw new HttpSourceException(
                    Outcome.USAGE,
                    "update server '" + withoutCredentials(text)
                            + "' is not an http:// or https:// URL (other schemes are not supported)");
        }
        if (uri.getRawUserInfo() != null) {
            // Never sent (an update server authenticates releases by signature, not by password), yet
            // printed in every source: line and kept in last_error: refused, and never repeated.
            throw new HttpSourceException(
                    Outcome.USAGE,
                    "update server '" + withoutCredentials(text)
                            + "' has credentials in the URL (user:password@), which are not supported: remove them;"
                            + " releases are authenticated by their signatures (--pubkey)");
        }
        return uri;
    }

    /** A URL with whatever stands between {@code //} and {@code @} masked, so that no message carries a password. */
    private static String withoutCredentials(String text) {
        return text.replaceFirst("(?<=//).*@", "<credentials>@");
    }

    /** Whether requests go over plain HTTP, unencrypted: {@code check} and {@code status} say so. */
    public boolean isPlainHttp() {
        return "http".equalsIgnoreCase(base.getScheme());
    }

    @Override
    public String describe() {
        String server = base.toString().substring(0, base.toString().length() - 1);
        return isPlainHttp() ? server + " (plain HTTP, not encrypted)" : server;
    }

    /**
     * Fetches {@code latest.json} and the signatures, conditionally where the last run kept a copy.
     * When anything fails while a kept copy was used (a document and its signature replaced within
     * the one second a {@code Last-Modified} can tell apart), everything is fetched once more
     * unconditionally, so a cache can delay nothing by more than that and never cause a refusal.
     */
    @Override
    public Release fetchRelease() {
        Release release;
        try {
            release = fetchRelease(true);
        } catch (UpdateException e) {
            if (!documents.servedFromCache()) {
                throw e;
            }
            release = fetchRelease(false);
        }
        documents.save();
        return release;
    }

    private Release fetchRelease(boolean useCache) {
        URI location = base.resolve("latest.json");
        byte[] bytes = documents.get(location, "latest.json", MAX_METADATA_BYTES, useCache);
        JsonNode tree = parseTree(bytes, location);
        if (!trustedKeys.isEmpty()) {
            URI signature = tree.hasNonNull("metadata_sig_url")
                    ? sameOrigin(resolve(tree.get("metadata_sig_url").asText(), "metadata_sig_url"), location)
                    : base.resolve("latest.json.sig");
            trustedKeys.verify(
                    bytes, fetchSignature(signature, "latest.json", useCache), "latest.json from " + location);
        }
        LatestJson document;
        try {
            document = json.treeToValue(tree, LatestJson.class);
        } catch (JacksonException e) {
            throw new HttpSourceException(
                    "latest.json from " + location + " has a field of the wrong type" + fieldOf(e) + ": "
                            + OneLine.firstLine(e.getOriginalMessage()),
                    e);
        }
        return toRelease(document, location, useCache);
    }

    /** The bytes from {@code offset}; when the server can only send the whole file, its prefix is skipped. */
    @Override
    public InputStream open(Artifact artifact, long offset) {
        Resumed resumed = resume(artifact, offset);
        try {
            resumed.stream().skipNBytes(offset - resumed.start());
            return resumed.stream();
        } catch (IOException e) {
            Closeables.closeQuietly(resumed.stream());
            throw new HttpSourceException(
                    "GET " + artifact.location() + " (" + artifact.slotFile().fileName() + "): "
                            + HttpTransport.describe(e),
                    e);
        }
    }

    /**
     * A {@code Range} request from {@code offset}. A server that answers 200 (no range support) is
     * read from 0; one that answers 416 (it has fewer bytes than that: the file changed) is asked
     * again for the whole file.
     */
    @Override
    public Resumed resume(Artifact artifact, long offset) {
        String what = artifact.slotFile().fileName();
        HttpTransport.Body body;
        try {
            body = transport.get(artifact.location(), what, offset);
        } catch (HttpSourceException e) {
            if (offset == 0 || e.status().isEmpty() || e.status().getAsInt() != 416) {
                throw e;
            }
            body = transport.get(artifact.location(), what, 0);
        }
        if (artifact.size().isPresent()
                && body.contentLength().isPresent()
                && body.contentLength().getAsLong() != artifact.size().getAsLong() - body.start()) {
            long sent = body.contentLength().getAsLong();
            Closeables.closeQuietly(body.stream());
            throw new HttpSourceException("GET " + body.uri() + " (" + what + "): the server declares " + sent
                    + " bytes" + (body.start() > 0 ? " from byte " + body.start() : "") + ", the release "
                    + (artifact.size().getAsLong() - body.start()));
        }
        return new Resumed(body.stream(), body.start(), body.contentLength());
    }

    /**
     * The index {@code latest.json} names in {@code <prefix>_chunks_url}, fetched and checked against
     * {@code <prefix>_chunks_sha256}: both are in the document the signature covers.
     */
    @Override
    public Optional<ChunkIndex> chunkIndex(Artifact artifact) {
        ChunkIndexReference reference = chunkIndexes.get(artifact.slotFile());
        if (reference == null) {
            return Optional.empty();
        }
        String what = "chunk index of " + artifact.slotFile().fileName() + " from " + reference.location();
        byte[] bytes = transport.getSmall(reference.location(), what, ChunkIndexCodec.MAX_BYTES);
        Digest actual = Digest.of(bytes);
        if (!actual.equals(reference.digest())) {
            throw new DeltaException(what + " has SHA-256 " + actual.hex() + ", latest.json declares "
                    + reference.digest().hex());
        }
        return Optional.of(new ChunkIndexCodec().parse(bytes, what));
    }

    /** A bounded {@code Range} request; a 200 answer (the server ignores ranges) is refused. */
    @Override
    public InputStream openRange(Artifact artifact, long offset, long length) {
        HttpTransport.Body body =
                transport.getRange(artifact.location(), artifact.slotFile().fileName(), offset, length);
        if (!body.partial()) {
            Closeables.closeQuietly(body.stream());
            throw new DeltaException(
                    DeltaException.Reason.RANGES_UNSUPPORTED,
                    "GET " + body.uri() + " (" + artifact.slotFile().fileName()
                            + "): the server answered a Range request with the whole file");
        }
        return body.stream();
    }

    /** Where a file's chunk index is and the digest {@code latest.json} declares for it. */
    private record ChunkIndexReference(URI location, Digest digest) {}

    /** " ('vmlinuz_size')" naming the field a mapping error is about, or nothing when it names none. */
    private static String fieldOf(JacksonException e) {
        if (e instanceof JsonMappingException mapping
                && !mapping.getPath().isEmpty()
                && mapping.getPath().get(0).getFieldName() != null) {
            return " ('" + mapping.getPath().get(0).getFieldName() + "')";
        }
        return "";
    }

    private JsonNode parseTree(byte[] bytes, URI location) {
        try {
            JsonNode tree = json.readTree(bytes);
            if (tree == null || !tree.isObject()) {
                throw new HttpSourceException("latest.json from " + location + " is not a JSON object");
            }
            return tree;
        } catch (IOException e) {
            throw new HttpSourceException(
                    "latest.json from " + location + " is not valid JSON: "
                            + OneLine.firstLine(
                                    e instanceof JacksonException jacksonException
                                            ? jacksonException.getOriginalMessage()
                                            : e.getMessage()),
                    e);
        }
    }

    private Release toRelease(LatestJson document, URI location, boolean useCache) {
        String where = "latest.json from " + location;
        ReleaseMetadata metadata = new ReleaseMetadata(
                required(document.version(), "version", where),
                LatestJson.optional(document.channel()),
                LatestJson.optional(document.minCompatibleVersion()),
                LatestJson.optional(document.architecture()),
                LatestJson.optional(document.releaseNotes()),
                LatestJson.optional(document.releaseDate())
                        .flatMap(date -> ReleaseMetadata.informationalDate(date, where + ": release_date", warnings)),
                LatestJson.optional(document.expires()).map(date -> parseDate(date, "expires", where)),
                Optional.ofNullable(document.rolloutPercent())
                        .map(percent -> RolloutPercent.of(percent, where + ": rollout_percent")));
        chunkIndexes.clear();
        chunkIndexReference(document.vmlinuzChunksUrl(), document.vmlinuzChunksSha256(), "vmlinuz", where)
                .ifPresent(reference -> chunkIndexes.put(SlotFile.KERNEL, reference));
        chunkIndexReference(document.initramfsChunksUrl(), document.initramfsChunksSha256(), "initramfs", where)
                .ifPresent(reference -> chunkIndexes.put(SlotFile.INITRAMFS, reference));
        return new Release(
                metadata,
                List.of(
                        artifact(
                                SlotFile.KERNEL,
                                "vmlinuz",
                                document.vmlinuzUrl(),
                                document.vmlinuzSha256(),
                                document.vmlinuzSize(),
                                document.vmlinuzSigUrl(),
                                where,
                                useCache),
                        artifact(
                                SlotFile.INITRAMFS,
                                "initramfs",
                                document.initramfsUrl(),
                                document.initramfsSha256(),
                                document.initramfsSize(),
                                document.initramfsSigUrl(),
                                where,
                                useCache)));
    }

    private Artifact artifact(
            SlotFile file,
            String prefix,
            String url,
            String sha256,
            Long size,
            String sigUrl,
            String where,
            boolean useCache) {
        URI location = resolve(required(url, prefix + "_url", where), prefix + "_url");
        Digest digest;
        try {
            digest = Digest.parseHex(required(sha256, prefix + "_sha256", where));
        } catch (UpdateException e) {
            throw new HttpSourceException(where + ": " + prefix + "_sha256 is " + e.getMessage());
        }
        OptionalLong declared = LatestJson.optional(size);
        if (declared.isPresent() && declared.getAsLong() < 0) {
            throw new HttpSourceException(where + ": " + prefix + "_size is negative");
        }
        if (declared.isEmpty()) {
            declared = sizeFromServer(location, file.fileName());
        }
        Optional<byte[]> signature = Optional.empty();
        if (!trustedKeys.isEmpty()) {
            String sig = LatestJson.optional(sigUrl)
                    .orElseThrow(() -> new HttpSourceException(
                            Outcome.REFUSED,
                            where + " has no " + prefix + "_sig_url, and trusted keys are configured"));
            signature = Optional.of(fetchSignature(resolve(sig, prefix + "_sig_url"), file.fileName(), useCache));
        }
        return new Artifact(file, location, digest, declared, signature);
    }

    /** A chunk index needs both its URL and its digest; one without the other is a malformed document. */
    private Optional<ChunkIndexReference> chunkIndexReference(String url, String sha256, String prefix, String where) {
        if (url == null && sha256 == null) {
            return Optional.empty();
        }
        URI location = resolve(required(url, prefix + "_chunks_url", where), prefix + "_chunks_url");
        try {
            return Optional.of(new ChunkIndexReference(
                    location, Digest.parseHex(required(sha256, prefix + "_chunks_sha256", where))));
        } catch (UpdateException e) {
            throw new HttpSourceException(where + ": " + prefix + "_chunks_sha256 is " + e.getMessage());
        }
    }

    /**
     * HEAD for the size. A server that answers HEAD with an error status leaves it unknown: 405 and
     * 501 (no HEAD), 403 (an object store's presigned URL is signed for GET only), and any other;
     * the GET then says whether the file is there, and its {@code Content-Length} is checked
     * against the slot's room before the first byte is written.
     */
    private OptionalLong sizeFromServer(URI location, String what) {
        try {
            return transport.head(location, what);
        } catch (HttpSourceException e) {
            if (e.status().isPresent()) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    private byte[] fetchSignature(URI location, String what, boolean useCache) {
        byte[] bytes;
        try {
            bytes = documents.get(location, "signature of " + what, MAX_SIGNATURE_BYTES, useCache);
        } catch (HttpSourceException e) {
            if (e.status().isPresent()
                    && (e.status().getAsInt() == 404 || e.status().getAsInt() == 410)) {
                throw new HttpSourceException(
                        Outcome.REFUSED,
                        "signature of " + what + " is missing, and trusted keys " + "are configured: "
                                + e.getMessage());
            }
            throw e;
        }
        return Signatures.parse(bytes, what + " (from " + location + ")");
    }

    /**
     * {@code uri} when it is on the update server's origin (scheme, host and port): latest.json is
     * not yet verified when it names its own signature, and must not send the agent to any host it
     * likes (an internal address, a metadata service) before a key has said anything.
     */
    private URI sameOrigin(URI uri, URI latest) {
        boolean same = uri.getScheme().equalsIgnoreCase(latest.getScheme())
                && uri.getHost() != null
                && uri.getHost().equalsIgnoreCase(latest.getHost())
                && effectivePort(uri) == effectivePort(latest);
        if (!same) {
            throw new HttpSourceException(
                    Outcome.REFUSED,
                    "latest.json from " + latest + " names its signature at "
                            + uri
                            + ", not on the update server's origin; the signature of latest.json must come from the"
                            + " server it does");
        }
        return uri;
    }

    private static int effectivePort(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private URI resolve(String reference, String key) {
        try {
            URI uri = base.resolve(new URI(reference.strip()));
            HttpTransport.requireHttp(uri, "latest.json " + key);
            return uri;
        } catch (URISyntaxException e) {
            throw new HttpSourceException("latest.json " + key + " '" + reference + "' is not a URL", e);
        }
    }

    private static String required(String value, String key, String where) {
        if (value == null || value.isBlank()) {
            throw new HttpSourceException(where + " has no '" + key + "'");
        }
        return value.strip();
    }

    private static Instant parseDate(String text, String key, String where) {
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new HttpSourceException(where + ": " + key + " '" + text + "' is not an RFC 3339 date", e);
        }
    }
}
