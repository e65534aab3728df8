package io.kubesolo.update.oci;

import java.util.Map;

/** A document a tag or digest resolves to: an {@link ImageManifest} or an {@link ImageIndex}. */
public sealed interface OciDocument permits ImageManifest, ImageIndex {

    String mediaType();

    Map<String, String> annotations();
}
