package io.kubesolo.update.attempt;

import io.kubesolo.update.Artifact;
import io.kubesolo.update.Release;
import io.kubesolo.update.UpdateSource;
import io.kubesolo.update.delta.ChunkIndex;
import java.io.InputStream;
import java.util.Optional;

/**
 * A source that waits its {@link Splay} before its first network request: the first
 * {@link #fetchRelease()}. The gates that need no network (maintenance window, pending activation)
 * have already run by then, so a machine that is not going to update does not wait.
 */
public final class SplayedSource implements UpdateSource {

    private final UpdateSource source;
    private final Splay splay;
    private boolean waited;

    public SplayedSource(UpdateSource source, Splay splay) {
        this.source = source;
        this.splay = splay;
    }

    @Override
    public String describe() {
        return source.describe();
    }

    @Override
    public Release fetchRelease() {
        if (!waited) {
            waited = true;
            splay.await();
        }
        return source.fetchRelease();
    }

    @Override
    public InputStream open(Artifact artifact, long offset) {
        return source.open(artifact, offset);
    }

    @Override
    public Resumed resume(Artifact artifact, long offset) {
        return source.resume(artifact, offset);
    }

    @Override
    public Optional<ChunkIndex> chunkIndex(Artifact artifact) {
        return source.chunkIndex(artifact);
    }

    @Override
    public InputStream openRange(Artifact artifact, long offset, long length) {
        return source.openRange(artifact, offset, length);
    }
}
