package io.kubesolo.update.cache;

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

    /** A content-addressed document (an OCI manifest): its digest is its validator. */
    public static CachedDocument of(String mediaType, byte[] bytes) {
        return new CachedDocument(Optional.empty(), Optional.empty(), mediaType, bytes);
    }
}
