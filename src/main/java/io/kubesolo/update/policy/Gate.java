package io.kubesolo.update.policy;

import io.kubesolo.update.Release;

/**
 * One named check a release must pass before any byte of it is written (spec §8). A gate is built
 * with what it compares the release against (the configured channel, the running version, ...) and
 * never performs a network request or a write.
 */
public interface Gate {

    /** The gate's name in messages and reports: "channel", "minimum version", ... */
    String name();

    Decision evaluate(Release release);
}
