package io.kubesolo.update.oci;

import java.io.IOException;
import java.io.InputStream;

/** Bytes to upload, opened as a fresh stream each time they are sent: a file, or a small document. */
@FunctionalInterface
public interface BlobContent {

    InputStream open() throws IOException;
}
