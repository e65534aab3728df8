package io.kubesolo.update.pem;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The little DER (ASN.1) needed to turn the private-key forms OpenSSL and Go write (PKCS#1 RSA,
 * SEC1 EC) into the PKCS#8 form the JDK's key factories read: split a structure into its elements
 * and encode new ones. Only definite lengths, as DER requires.
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int SEQUENCE = 0x30;
    /** {@code [0]} constructed, context-specific: SEC1's curve parameters. */
    static final int CONTEXT_0 = 0xA0;

    /** One element: its tag, its whole encoding, and the offset of its content in the encoding. */
    @SuppressWarnings("ArrayRecordComponent") // a view while parsing one key, never compared or kept
    record Element(int tag, byte[] encoded, int contentOffset) {

        byte[] content() {
            return Arrays.copyOfRange(encoded, contentOffset, encoded.length);
        }

        List<Element> children() {
            return Der.elements(content());
        }
    }

    private Der() {}

    /** Splits {@code bytes} into the consecutive elements it holds. */
    static List<Element> elements(byte[] bytes) {
        List<Element> elements = new ArrayList<>();
        int position = 0;
        while (position < bytes.length) {
            int start = position;
            int tag = bytes[position++] & 0xFF;
            if (position >= bytes.length) {
                throw new IllegalArgumentException("DER element truncated after its tag");
            }
            int first = bytes[position++] & 0xFF;
            long length;
            if (first < 0x80) {
                length = first;
            } else {
                int count = first & 0x7F;
                if (count == 0 || count > 4 || position + count > bytes.length) {
                    throw new IllegalArgumentException("DER length of " + count + " bytes is not supported");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (bytes[position++] & 0xFF);
                }
            }
            if (position + length > bytes.length) {
                throw new IllegalArgumentException("DER element longer than its input");
            }
            int end = (int) (position + length);
            elements.add(new Element(tag, Arrays.copyOfRange(bytes, start, end), position - start));
            position = end;
        }
        return elements;
    }

    static byte[] encode(int tag, byte[]... contents) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : contents) {
            content.writeBytes(part);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.size();
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
