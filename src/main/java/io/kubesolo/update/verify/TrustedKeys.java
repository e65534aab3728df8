package io.kubesolo.update.verify;

import io.kubesolo.update.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Ed25519 public keys this machine trusts to sign releases. Empty means releases are not
 * authenticated (no {@code pubkey} configured); callers check {@link #isEmpty()} and otherwise
 * fail closed: every signature goes through {@link #verify} or {@link #begin}.
 *
 * <p>A detached signature names no key, so each trusted key is tried; one valid signature under
 * any of them suffices. That is what lets an operator rotate keys: trust the old and the new key
 * during the overlap, then drop the old one (docs/signatures.md).
 */
public final class TrustedKeys {

    /** Suffixes of the files a key directory contributes. */
    public static final List<String> KEY_FILE_SUFFIXES = List.of(".pub", ".pem", ".hex");

    /** A public key file is a few hundred bytes; anything this large is not one. */
    private static final int MAX_KEY_FILE_SIZE = 64 * 1024;

    private final List<TrustedKey> keys;

    private TrustedKeys(Collection<TrustedKey> keys) {
        this.keys = List.copyOf(new LinkedHashSet<>(keys));
    }

    /** No trusted key: releases are not authenticated. */
    public static TrustedKeys none() {
        return new TrustedKeys(List.of());
    }

    /** Exactly these keys (duplicates dropped). */
    public static TrustedKeys of(Collection<TrustedKey> keys) {
        return new TrustedKeys(keys);
    }

    /**
     * Loads public key files. A directory contributes every regular file in it ending in
     * {@code .pub}, {@code .pem} or {@code .hex}, in name order; a directory without any is an
     * error rather than silently trusting nothing. The same key found twice counts once.
     *
     * @throws VerifyException (FAILED) naming the file and what is wrong with it
     */
    public static TrustedKeys load(List<Path> filesOrDirectories) {
        List<TrustedKey> keys = new ArrayList<>();
        for (Path path : filesOrDirectories) {
            if (Files.isDirectory(path)) {
                List<Path> files = keyFilesIn(path);
                if (files.isEmpty()) {
                    throw new VerifyException(
                            Outcome.FAILED,
                            path + ": no public key files (" + String.join(", ", KEY_FILE_SUFFIXES)
                                    + ") in this directory");
                }
                files.forEach(file -> keys.add(loadFile(file)));
            } else {
                keys.add(loadFile(path));
            }
        }
        return new TrustedKeys(keys);
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    public List<TrustedKey> keys() {
        return keys;
    }

    /**
     * Checks a signature over a message held in memory (metadata, manifests).
     *
     * @param what what was signed, for the message, e.g. "latest.json"
     * @throws VerifyException (REFUSED) "signature of {what} is not valid for any trusted key (...)"
     */
    public void verify(byte[] message, byte[] signature, String what) {
        StreamingVerification verification = begin(signature, what);
        verification.update(message, 0, message.length);
        verification.verify();
    }

    /** The trusted key with this key id (lowercase hex SHA-256 of the raw key), if it is trusted. */
    public Optional<TrustedKey> byKeyId(String keyId) {
        // Hex is case-insensitive; a signer writing upper case names the same key.
        String normalised = keyId.toLowerCase(Locale.ROOT);
        return keys.stream().filter(key -> key.keyId().equals(normalised)).findFirst();
    }

    /**
     * Starts checking a signature over a message that will stream past (kernel, initramfs).
     *
     * @throws VerifyException (REFUSED) right away when the signature is not 64 bytes or no key is trusted
     */
    public StreamingVerification begin(byte[] signature, String what) {
        if (keys.isEmpty()) {
            throw new VerifyException(
                    Outcome.REFUSED, "cannot check the signature of " + what + ": no trusted public key is configured");
        }
        if (signature.length != Ed25519Verifier.SIGNATURE_LENGTH) {
            throw new VerifyException(
                    Outcome.REFUSED,
                    "signature of " + what + " is " + signature.length + " bytes long; an Ed25519 signature has 64");
        }
        List<Ed25519Verifier> verifiers = keys.stream()
                .map(key -> new Ed25519Verifier(key.raw(), signature))
                .collect(Collectors.toList());
        return new AnyKeyVerification(verifiers, what, describe());
    }

    /** "1 key: 1a2b3c4d5e6f7a8b" / "2 keys: ..., ...": which keys were tried, for messages. */
    public String describe() {
        return keys.size()
                + (keys.size() == 1 ? " key: " : " keys: ")
                + keys.stream().map(TrustedKey::shortId).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return "trusted " + describe();
    }

    private static List<Path> keyFilesIn(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isRegularFile)
                    .filter(file -> KEY_FILE_SUFFIXES.stream()
                            .anyMatch(file.getFileName().toString()::endsWith))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new VerifyException(Outcome.FAILED, directory + ": cannot list public keys: " + e.getMessage(), e);
        }
    }

    private static TrustedKey loadFile(Path file) {
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(MAX_KEY_FILE_SIZE + 1);
        } catch (NoSuchFileException e) {
            throw new VerifyException(Outcome.FAILED, file + ": public key file does not exist", e);
        } catch (IOException e) {
            throw new VerifyException(Outcome.FAILED, file + ": cannot read public key: " + e.getMessage(), e);
        }
        if (content.length > MAX_KEY_FILE_SIZE) {
            throw new VerifyException(
                    Outcome.FAILED, file + ": not an Ed25519 public key (larger than " + MAX_KEY_FILE_SIZE + " bytes)");
        }
        return TrustedKey.parse(content, file.toString());
    }

    /** Feeds every trusted key's verifier; valid when any one of them is. */
    private static final class AnyKeyVerification implements StreamingVerification {

        private final List<Ed25519Verifier> verifiers;
        private final String what;
        private final String triedKeys;

        AnyKeyVerification(List<Ed25519Verifier> verifiers, String what, String triedKeys) {
            this.verifiers = verifiers;
            this.what = what;
            this.triedKeys = triedKeys;
        }

        @Override
        public void update(byte[] bytes, int offset, int length) {
            for (Ed25519Verifier verifier : verifiers) {
                verifier.update(bytes, offset, length);
            }
        }

        @Override
        public void verify() {
            boolean valid = false;
            for (Ed25519Verifier verifier : verifiers) {
                valid |= verifier.verify(); // finish every one, so none can be reused half-fed
            }
            if (!valid) {
                throw new VerifyException(
                        Outcome.REFUSED,
                        "signature of " + what + " is not valid for any trusted key (tried " + triedKeys + ")");
            }
        }
    }
}
