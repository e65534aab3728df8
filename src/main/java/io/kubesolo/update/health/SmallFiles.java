package io.kubesolo.update.health;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the small text files the checks are configured with: kubeconfigs, certificates, tokens. */
final class SmallFiles {

    /** A kubeconfig with embedded certificates is a few KiB; anything past this is not one. */
    static final long MAX_BYTES = 1024 * 1024;

    private SmallFiles() {}

    /** @param what names the file in errors: "kubeconfig", "token file", ... */
    static String read(Path file, String what) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new HealthException(what + " " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new HealthException(what + " " + file + " does not exist", e);
        } catch (IOException e) {
            throw new HealthException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }
}
