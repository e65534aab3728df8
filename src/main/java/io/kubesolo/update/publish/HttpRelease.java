package io.kubesolo.update.publish;

import io.kubesolo.update.RolloutPercent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code publish} is asked to put on an HTTP update server.
 *
 * @param baseUrl when present, latest.json names absolute URLs under it; else URLs are relative
 *                to the directory latest.json is served from
 * @param expires when present, written as {@code expires}: devices refuse the release from then on
 * @param rolloutPercent the share of the fleet to offer the release to; empty = every machine
 */
public record HttpRelease(
        Path kernel,
        Path initramfs,
        String version,
        Optional<String> channel,
        Optional<String> minCompatibleVersion,
        Optional<String> architecture,
        Optional<String> releaseNotes,
        Optional<String> releaseDate,
        Optional<URI> baseUrl,
        Optional<Instant> expires,
        Optional<RolloutPercent> rolloutPercent) {

    public HttpRelease {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initramfs, "initramfs");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(rolloutPercent, "rolloutPercent");
    }
}
