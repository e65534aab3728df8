package io.kubesolo.update.cli;

import io.kubesolo.update.verify.SigningKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Loads the release side's private key, and says so when others than its owner may read it. */
final class SigningKeys {

    private static final Set<PosixFilePermission> OTHERS_READ =
            EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private SigningKeys() {}

    static SigningKey load(Path file, PrintWriter err) {
        SigningKey key = SigningKey.load(file);
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(OTHERS_READ::contains)) {
                Log.warn(
                        err,
                        "private key " + file + " is readable by others than its owner (mode "
                                + PosixFilePermissions.toString(permissions)
                                + "); anyone who reads it can sign releases:"
                                + " chmod 600 " + file + ", and make a new key if others may have copied it");
            }
        } catch (IOException | UnsupportedOperationException e) {
            Log.warn(err, "cannot tell who may read private key " + file + ": " + e.getMessage());
        }
        return key;
    }
}
