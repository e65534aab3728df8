package io.kubesolo.update.oci;

/**
 * What a request sends: a content type, an exact length and a way to open the bytes. Opened
 * once per attempt, so a request can be re-sent after an authentication challenge or redirect.
 */
record RequestBody(String contentType, long length, BlobContent content) {
}
