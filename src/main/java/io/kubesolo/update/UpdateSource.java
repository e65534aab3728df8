package io.kubesolo.update;

import io.kubesolo.update.delta.ChunkIndex;
import io.kubesolo.update.delta.DeltaException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where releases come from: an HTTP update server or an OCI registry (or OCI layout directory).
 * The seam between the sources and everything that is the same for both: gates, stager, state.
 *
 * <p>A source authenticates its own metadata (a signature over {@code latest.json}, a signature
 * referrer of the manifest) before returning it, and says in {@link Release#trust()} whether that
 * covers the artifacts' digests. The stager verifies every artifact's digest and, where the
 * release needs it, its detached signature while streaming: sources do not hash artifact bytes.
 */
public interface UpdateSource {

    /** A short description for messages: "http://10.0.0.1:8080" or "registry 127.0.0.1:5000/kubesolo/os:stable". */
    String describe();

    /** Fetches and authenticates the release metadata. Downloads no artifact. */
    Release fetchRelease();

    /**
     * Opens an artifact's bytes starting at {@code offset} (0 for the whole file), bounded by the
     * artifact's size where the source knows it. The caller checks the digest and closes the stream.
     */
    InputStream open(Artifact artifact, long offset);

    /**
     * Opens an artifact to continue a download that already holds its first {@code offset} bytes.
     * A source that can only start over (an HTTP server that ignores {@code Range}, or answers 416
     * because the file behind the URL changed) says so: the stream then starts at
     * {@link Resumed#start()} 0, and the caller discards what it had. By default the stream starts
     * at {@code offset}, as {@link #open} gives it.
     */
    default Resumed resume(Artifact artifact, long offset) {
        return new Resumed(open(artifact, offset), offset);
    }

    /**
     * The chunk index the release publishes for {@code artifact} (docs/delta.md), fetched and
     * checked against the digest the release's signed metadata names for it. Empty when the
     * release has none: the artifact is then downloaded whole.
     *
     * @throws DeltaException when the index is there but unusable (the caller downloads the whole file)
     */
    default Optional<ChunkIndex> chunkIndex(Artifact artifact) {
        return Optional.empty();
    }

    /**
     * Opens bytes {@code [offset, offset + length)} of an artifact with one bounded {@code Range}
     * request; the stream is unverified (the caller checks each chunk) and may go on past them.
     *
     * @throws DeltaException ({@link DeltaException.Reason#RANGES_UNSUPPORTED}) when the server
     *                        sends the whole file instead
     */
    default InputStream openRange(Artifact artifact, long offset, long length) {
        throw new DeltaException(DeltaException.Reason.RANGES_UNSUPPORTED, describe() + " serves no byte ranges");
    }

    /**
     * A stream of an artifact's bytes, the offset in the file of its first byte, and how many bytes
     * the source says it will deliver when it says so (an HTTP {@code Content-Length}): for an
     * artifact whose size the release does not declare, the stager checks the room for it against
     * this before writing the first byte.
     */
    record Resumed(InputStream stream, long start, OptionalLong length) {

        public Resumed(InputStream stream, long start) {
            this(stream, start, OptionalLong.empty());
        }
    }
}
