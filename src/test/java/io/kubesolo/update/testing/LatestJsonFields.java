package io.kubesolo.update.testing;

import io.kubesolo.update.policy.MachineArchitecture;
import io.kubesolo.update.verify.Digest;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fields of a {@code latest.json} for a kernel and an initramfs served beside it, for this machine. */
public final class LatestJsonFields {

    private LatestJsonFields() {}

    /** A mutable map: tests add, change or remove fields before serving it. */
    public static Map<String, Object> of(String version, byte[] kernel, byte[] initramfs) {
        Map<String, Object> release = new LinkedHashMap<>();
        release.put("version", version);
        release.put("vmlinuz_url", "vmlinuz");
        release.put("vmlinuz_sha256", Digest.of(kernel).hex());
        release.put("vmlinuz_size", kernel.length);
        release.put("initramfs_url", "kubesolo-os.gz");
        release.put("initramfs_sha256", Digest.of(initramfs).hex());
        release.put("initramfs_size", initramfs.length);
        release.put("architecture", MachineArchitecture.ofThisMachine());
        return release;
    }
}
