package io.kubesolo.update.slot;

/** The files a system slot holds (spec §1). The version file is written last: it marks a slot complete. */
public enum SlotFile {
    KERNEL("vmlinuz"),
    INITRAMFS("kubesolo-os.gz"),
    VERSION("version");

    private final String fileName;

    SlotFile(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }
}
