package io.kubesolo.update.cache;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A small document as a server last sent it, with what it said to recognise it by next time.
 *
 * <p>It holds its exact bytes, the {@code Content-Type} it was declared as (empty when none), and
 * the {@code ETag} and {@code Last-Modified} it came with, sent back as {@code If-None-Match} and
 * {@code If-Modified-Since}.
 */
public final class CachedDocument {

    private final Optional<String> etag;
    private final Optional<String> lastModified;
    private final String mediaType;
    private final byte[] bytes;

    public CachedDocument(Optional<String> etag, Optional<String> lastModified, String mediaType, byte[] bytes) {
        this.etag = Objects.requireNonNull(etag, "etag");
        this.lastModified = Objects.requireNonNull(lastModified, "lastModified");
        this.mediaType = Objects.requireNonNull(mediaType, "mediaType");
        this.bytes = Objects.requireNonNull(bytes, "bytes").clone();
    }

    public Optional<String> etag() {
        return etag;
    }

    public Optional<String> lastModified() {
        return lastModified;
    }

    public String mediaType() {
        return mediaType;
    }

    /** A copy of the document's bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CachedDocument that
                && etag.equals(that.etag)
                && lastModified.equals(that.lastModified)
                && mediaType.equals(that.mediaType)
                && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(etag, lastModified, mediaType, Arrays.hashCode(bytes));
    }

    @Override
    public String toString() {
        return "CachedDocument[etag=" + etag + ", lastModified=" + lastModified + ", mediaType=" + mediaType + ", "
                + bytes.length + " bytes]";
    }

    /**
     * A document as an HTTP response delivered it. A {@code Last-Modified} that is not at least one
     * second before the response's {@code Date} is a weak validator (RFC 9110 §8.8.2.2): the file
     * may have changed again within that second, and a {@code 304} to it would serve the stale copy
     * until the file changes once more. Such a date is not kept; the {@code ETag}, if any, still is.
     */
    public static CachedDocument fromResponse(
            String etag, String lastModified, String date, String mediaType, byte[] bytes) {
        boolean weak = lastModified != null
                && date != null
                && parse(lastModified)
                        .flatMap(modified -> parse(date).map(sent -> !modified.isBefore(sent)))
                        .orElse(false);
        return new CachedDocument(
                Optional.ofNullable(etag),
                Optional.ofNullable(weak ? null : lastModified),
                mediaType == null ? "" : mediaType,
                bytes);
    }

    private static Optional<ZonedDateTime> parse(String httpDate) {
        try {
            return Optional.of(ZonedDateTime.parse(httpDate.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A content-addressed document (an OCI manifest): its digest is its validator. */
    public static CachedDocument of(String mediaType, byte[] bytes) {
        return new CachedDocument(Optional.empty(), Optional.empty(), mediaType, bytes);
    }
}
