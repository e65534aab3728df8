package io.kubesolo.update;

import java.io.InputStream;

/**
 * Where releases come from: an HTTP update server or an OCI registry (or OCI layout directory).
 * The seam between the sources and everything that is the same for both: gates, stager, state.
 *
 * <p>A source authenticates its own metadata (a signature over {@code latest.json}, a signature
 * referrer of the manifest) before returning it; the stager verifies every artifact's digest and,
 * where present, its detached signature while streaming.
 */
public interface UpdateSource {

    /** A short description for messages: "http://10.0.0.1:8080" or "registry 127.0.0.1:5000/kubesolo/os:stable". */
    String describe();

    /** Fetches and authenticates the release metadata. Downloads no artifact. */
    Release fetchRelease();

    /**
     * Opens an artifact's bytes starting at {@code offset} (0 for the whole file). The caller
     * verifies and closes the stream.
     */
    InputStream open(Artifact artifact, long offset);
}
