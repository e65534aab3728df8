package io.kubesolo.update.oci;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Opens the store a {@code --registry} value names: {@code oci-layout:DIR} for an OCI layout
 * directory, otherwise a registry repository {@code host[:port]/path} (without tag or digest,
 * which come from {@code --tag}).
 */
public final class ContentStores {

    public static final String LAYOUT_PREFIX = "oci-layout:";

    private ContentStores() {}

    /**
     * Opens the content store the {@code --registry} value names: a registry repository or an OCI layout directory.
     *
     * @param location    the {@code --registry} value
     * @param layoutPaths maps a layout directory as given to the path to use (the agent resolves it under {@code --root})
     * @param access      how to reach a registry
     */
    public static ContentStore open(String location, UnaryOperator<Path> layoutPaths, RegistryAccess access) {
        if (location.startsWith(LAYOUT_PREFIX)) {
            String directory = location.substring(LAYOUT_PREFIX.length());
            if (directory.isBlank()) {
                throw new OciException(
                        OciException.Reason.BAD_REFERENCE, "'" + location + "' names no directory; use oci-layout:DIR");
            }
            return new OciLayout(layoutPaths.apply(Path.of(directory)));
        }
        Reference reference = Reference.parse(location);
        if (reference.tagOrDigest().isPresent()) {
            throw new OciException(
                    OciException.Reason.BAD_REFERENCE,
                    "'" + location
                            + "' includes a tag or digest; give the repository as HOST/PATH and the tag with --tag");
        }
        return RegistryClient.of(reference, access);
    }
}
