package io.kubesolo.update.oci;

import io.kubesolo.update.verify.Digest;
import io.kubesolo.update.verify.VerifyException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a release lives in a registry: {@code host[:port]/path[:tag|@digest]}, for example
 * {@code registry.example.com/kubesolo/os:stable} or {@code 127.0.0.1:5000/kubesolo/os}. The
 * first component is always the registry (there is no implicit Docker Hub). Immutable and
 * validated; {@link #tag()} and {@link #digest()} are never both present.
 */
public record Reference(String registry, String repository, Optional<String> tag, Optional<Digest> digest) {

    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
                    + "|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public Reference {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
        if (tag.isPresent() && digest.isPresent()) {
            throw new IllegalArgumentException("a reference has a tag or a digest, not both");
        }
    }

    /** Parses {@code host[:port]/path[:tag|@digest]}; a wrong form is a {@link OciException.Reason#BAD_REFERENCE}. */
    public static Reference parse(String text) {
        if (text == null || text.isBlank()) {
            throw bad(text, "it is empty");
        }
        if (!withoutCredentials(text).equals(text)) {
            throw bad(
                    text,
                    "credentials do not belong in a reference, where they would be printed and kept in"
                            + " state; give them in an auth file (--authfile, or REGISTRY_AUTH_FILE)");
        }
        String rest = text;
        Optional<Digest> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                digest = Optional.of(Digest.parse(rest.substring(at + 1)));
            } catch (VerifyException e) {
                throw bad(text, e.getMessage());
            }
            rest = rest.substring(0, at);
        }
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            throw bad(text, "expected host[:port]/path, e.g. registry.example.com/kubesolo/os");
        }
        String registry = rest.substring(0, slash);
        String path = rest.substring(slash + 1);
        Optional<String> tag = Optional.empty();
        int colon = path.lastIndexOf(':');
        if (colon >= 0) {
            if (digest.isPresent()) {
                throw bad(text, "give a tag or a digest, not both");
            }
            tag = Optional.of(checkTag(path.substring(colon + 1)));
            path = path.substring(0, colon);
        }
        if (!HOST.matcher(registry).matches()) {
            throw bad(text, "'" + registry + "' is not a host[:port]");
        }
        for (String component : path.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw bad(
                        text,
                        "repository path '" + path
                                + "' must be lowercase letters, digits and single . _ - between /-separated parts");
            }
        }
        return new Reference(registry, path, tag, digest);
    }

    /** Validates a tag: letters, digits, {@code _ . -}, at most 128 characters, not starting with . or -. */
    public static String checkTag(String tag) {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new OciException(
                    OciException.Reason.BAD_REFERENCE,
                    "'" + tag + "' is not a valid tag: letters, digits, _ . - (at most 128, not starting with . or -)");
        }
        return tag;
    }

    /** What follows {@code /manifests/}: the digest if there is one, else the tag. */
    public Optional<String> tagOrDigest() {
        return digest.map(Digest::toString).or(() -> tag);
    }

    /** {@code host/path} without tag or digest. */
    public String repositoryName() {
        return registry + "/" + repository;
    }

    private static OciException bad(String text, String why) {
        return new OciException(
                OciException.Reason.BAD_REFERENCE,
                "'" + withoutCredentials(text) + "' is not a registry reference: " + why);
    }

    /** {@code text} with a {@code user:password@} before the host masked, so that no message carries it. */
    private static String withoutCredentials(String text) {
        if (text == null) {
            return null;
        }
        int at = text.indexOf('@');
        int slash = text.indexOf('/');
        return at >= 0 && (slash < 0 || at < slash) ? "<credentials>@" + text.substring(at + 1) : text;
    }

    @Override
    public String toString() {
        return repositoryName()
                + digest.map(d -> "@" + d).orElse(tag.map(t -> ":" + t).orElse(""));
    }
}
