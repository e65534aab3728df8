package io.kubesolo.update.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Registry credentials in the format docker ({@code ~/.docker/config.json}) and podman/skopeo
 * ({@code auth.json}) write: {@code {"auths": {"<registry>[/<path>]": {"auth": "<base64 user:password>"}}}}.
 * A key may carry a scheme ({@code https://host}) or, as podman allows, a repository path; the
 * most specific key that covers a reference wins. Credential helpers ({@code credsStore}) are not run.
 */
public final class AuthFile {

    private static final long MAX_BYTES = 1024 * 1024;

    private final Path file;
    private final Map<String, JsonNode> auths;

    private AuthFile(Path file, Map<String, JsonNode> auths) {
        this.file = file;
        this.auths = auths;
    }

    /** Reads an auth file; a missing file has no credentials. */
    public static AuthFile load(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw invalid(file, "is larger than 1 MiB");
            }
            JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(file));
            JsonNode auths = root == null ? null : root.get("auths");
            if (auths == null || auths.isNull()) {
                return new AuthFile(file, Map.of());
            }
            if (!auths.isObject()) {
                throw invalid(file, "has \"auths\" that is not an object");
            }
            Map<String, JsonNode> entries = new java.util.LinkedHashMap<>();
            auths.properties().forEach(entry -> entries.put(normalize(entry.getKey()), entry.getValue()));
            return new AuthFile(file, entries);
        } catch (NoSuchFileException e) {
            return new AuthFile(file, Map.of());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid(file, "is not valid JSON");
        } catch (IOException e) {
            throw new OciException(
                    OciException.Reason.AUTH_REFUSED, "cannot read auth file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The credentials for {@code reference}'s registry or repository, if the file has any. */
    public Optional<Credentials> credentialsFor(Reference reference) {
        String target = reference.repositoryName();
        String best = null;
        for (String key : auths.keySet()) {
            boolean covers = target.equals(key) || target.startsWith(key + "/");
            if (covers && (best == null || key.length() > best.length())) {
                best = key;
            }
        }
        return best == null ? Optional.empty() : decode(best, auths.get(best));
    }

    private Optional<Credentials> decode(String key, JsonNode entry) {
        String auth = entry.path("auth").asText("");
        if (auth.isEmpty()) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(file, "has an \"auth\" for " + key + " that is not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw invalid(file, "has an \"auth\" for " + key + " that is not user:password");
        }
        return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    /** {@code https://host/v1/} → {@code host}; {@code host/path/} → {@code host/path}. */
    private static String normalize(String key) {
        String normalized = key.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        normalized = normalized.replaceFirst("/v[12]/?$", "");
        while (normalized.endsWith("/")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        return normalized;
    }

    private static OciException invalid(Path file, String why) {
        return new OciException(OciException.Reason.AUTH_REFUSED, "auth file " + file + " " + why);
    }
}
