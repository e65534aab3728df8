package io.kubesolo.update.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The wire form of {@code latest.json} (spec §4), as the HTTP source reads it and {@code publish}
 * writes it. Unknown keys are ignored. {@code vmlinuz_size} and {@code initramfs_size} are an
 * optional extension {@code publish} writes: without them the source asks the server (HEAD).
 * {@code expires} (RFC 3339) is another: from then on the freshness gate refuses the release.
 * {@code rollout_percent} (a number, or a string holding one) is the extension for phased rollouts.
 * {@code *_chunks_url} and {@code *_chunks_sha256} name each file's chunk index, for delta updates
 * (docs/delta.md); agents without them download whole files.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LatestJson(
        @JsonProperty("version") String version,
        @JsonProperty("vmlinuz_url") String vmlinuzUrl,
        @JsonProperty("vmlinuz_sha256") String vmlinuzSha256,
        @JsonProperty("vmlinuz_size") Long vmlinuzSize,
        @JsonProperty("vmlinuz_sig_url") String vmlinuzSigUrl,
        @JsonProperty("initramfs_url") String initramfsUrl,
        @JsonProperty("initramfs_sha256") String initramfsSha256,
        @JsonProperty("initramfs_size") Long initramfsSize,
        @JsonProperty("initramfs_sig_url") String initramfsSigUrl,
        @JsonProperty("metadata_sig_url") String metadataSigUrl,
        @JsonProperty("channel") String channel,
        @JsonProperty("min_compatible_version") String minCompatibleVersion,
        @JsonProperty("architecture") String architecture,
        @JsonProperty("release_notes") String releaseNotes,
        @JsonProperty("release_date") String releaseDate,
        @JsonProperty("expires") String expires,
        @JsonProperty("rollout_percent") BigDecimal rolloutPercent,
        @JsonProperty("vmlinuz_chunks_url") String vmlinuzChunksUrl,
        @JsonProperty("vmlinuz_chunks_sha256") String vmlinuzChunksSha256,
        @JsonProperty("initramfs_chunks_url") String initramfsChunksUrl,
        @JsonProperty("initramfs_chunks_sha256") String initramfsChunksSha256) {

    static Optional<String> optional(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    static OptionalLong optional(Long value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
