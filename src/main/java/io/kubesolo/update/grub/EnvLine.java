package io.kubesolo.update.grub;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** One line of an environment block after its header: a variable or a comment kept verbatim. */
sealed interface EnvLine {

    /** Appends the line as it is stored in the block, terminating newline included. */
    void writeTo(ByteArrayOutputStream out);

    /**
     * {@code name=value}. In the block a backslash or a newline in the value is preceded by a
     * backslash, as grub's {@code lib/envblk.c} writes it; the name is stored as is.
     */
    record Variable(String name, String value) implements EnvLine {

        @Override
        public void writeTo(ByteArrayOutputStream out) {
            out.writeBytes(name.getBytes(StandardCharsets.UTF_8));
            out.write('=');
            // UTF-8 never uses the bytes of '\\' or '\n' inside a multi-byte character, so escaping
            // byte by byte is escaping character by character.
            for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
                if (b == '\\' || b == '\n') {
                    out.write('\\');
                }
                out.write(b);
            }
            out.write('\n');
        }
    }

    /**
     * A line starting with {@code #}, such as the warning {@code grub-editenv create} writes or a
     * variable commented out. GRUB ignores it; it is kept byte for byte, escapes included.
     */
    record Comment(String text) implements EnvLine {

        @Override
        public void writeTo(ByteArrayOutputStream out) {
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
    }
}
