package io.kubesolo.update.stage;

/** Reports how far one download has got. Not thread-safe: one download, one thread. */
public interface Progress {

    /** {@code bytes} more have arrived. */
    void advance(long bytes);

    /** The download is complete. Not called when it failed. */
    void finish();
}
