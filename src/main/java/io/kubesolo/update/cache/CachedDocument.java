package io.kubesolo.update.cache;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * A small document as a server last sent it, with what it said to recognise it by next time.
 *
 * @param etag         the {@code ETag} it came with, sent back as {@code If-None-Match}
 * @param lastModified the {@code Last-Modified} it came with, sent back as {@code If-Modified-Since}
 * @param mediaType    the {@code Content-Type} it was declared as (empty when none)
 * @param bytes        its exact bytes
 */
public record CachedDocument(Optional<String> etag, Optional<String> lastModified, String mediaType, byte[] bytes) {

    public CachedDocument {
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(bytes, "bytes");
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
