package io.kubesolo.update.grub;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits a 1024-byte environment block into its lines, accepting exactly the shapes
 * {@code grub-editenv} and GRUB's {@code save_env} produce: the header, then variable lines and
 * comment lines, then {@code #} padding to the end. Everything else (a short block, a line without
 * {@code =}, an empty line, padding that is not {@code #}, a line cut off by the end of the block,
 * a name given twice, bytes that are not UTF-8, a NUL byte, an escape grub never writes) is refused,
 * because a block the agent does not fully understand is a block it must not rewrite.
 */
final class EnvBlockParser {

    /** Why a block was refused, without saying where it came from; callers add that. */
    static final class InvalidBlockException extends Exception {

        InvalidBlockException(String reason) {
            super(reason);
        }
    }

    private final byte[] block;

    private EnvBlockParser(byte[] block) {
        this.block = block;
    }

    static List<EnvLine> parse(byte[] block) throws InvalidBlockException {
        return new EnvBlockParser(block).lines();
    }

    private List<EnvLine> lines() throws InvalidBlockException {
        if (block.length != GrubEnv.BLOCK_SIZE) {
            throw new InvalidBlockException("expected " + GrubEnv.BLOCK_SIZE + " bytes, found " + block.length);
        }
        byte[] header = GrubEnv.HEADER.getBytes(StandardCharsets.US_ASCII);
        if (!Arrays.equals(block, 0, header.length, header, 0, header.length)) {
            throw new InvalidBlockException("it does not start with the line '" + GrubEnv.HEADER.strip() + "'");
        }
        List<EnvLine> lines = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int start = header.length;
        while (start < block.length) {
            int end = lineEnd(start);
            if (end < 0) {
                checkPadding(start);
                break;
            }
            EnvLine line = line(start, end);
            if (line instanceof EnvLine.Variable variable && !names.add(variable.name())) {
                throw new InvalidBlockException("variable '" + variable.name() + "' is set twice");
            }
            lines.add(line);
            start = end + 1;
        }
        return List.copyOf(lines);
    }

    /**
     * The index of the newline ending the line that starts at {@code start}, or -1 when the block
     * ends first. A backslash hides the byte after it, as in grub's {@code find_next_line}.
     */
    private int lineEnd(int start) {
        for (int i = start; i < block.length; i++) {
            if (block[i] == '\\') {
                i++;
            } else if (block[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void checkPadding(int start) throws InvalidBlockException {
        if (block[start] != '#') {
            throw new InvalidBlockException(
                    "the line at byte " + start + " runs to the end of the block" + " without a newline");
        }
        for (int i = start; i < block.length; i++) {
            if (block[i] != '#') {
                throw new InvalidBlockException("the padding holds byte 0x" + String.format("%02x", block[i] & 0xff)
                        + " at byte " + i + " where only '#' belongs");
            }
        }
    }

    private EnvLine line(int start, int end) throws InvalidBlockException {
        if (start == end) {
            throw new InvalidBlockException("the line at byte " + start + " is empty");
        }
        for (int i = start; i < end; i++) {
            if (block[i] == 0) {
                throw new InvalidBlockException("the line at byte " + start + " holds a NUL byte");
            }
        }
        if (block[start] == '#') {
            return new EnvLine.Comment(utf8(start, start, end));
        }
        int equals = indexOf('=', start, end);
        if (equals < 0) {
            throw new InvalidBlockException(
                    "the line at byte " + start + " is neither a name=value" + " variable nor a # comment");
        }
        return new EnvLine.Variable(utf8(start, start, equals), utf8(start, unescape(start, equals + 1, end)));
    }

    private int indexOf(char wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (block[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** The value bytes with grub's escapes removed; only {@code \\} and {@code \<newline>} exist. */
    private byte[] unescape(int lineStart, int from, int to) throws InvalidBlockException {
        ByteArrayOutputStream value = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            if (block[i] == '\\') {
                i++;
                if (block[i] != '\\' && block[i] != '\n') {
                    throw new InvalidBlockException("the line at byte " + lineStart + " escapes byte 0x"
                            + String.format("%02x", block[i] & 0xff) + ", which grub-editenv never escapes");
                }
            }
            value.write(block[i]);
        }
        return value.toByteArray();
    }

    private String utf8(int lineStart, int from, int to) throws InvalidBlockException {
        return utf8(lineStart, Arrays.copyOfRange(block, from, to));
    }

    private static String utf8(int lineStart, byte[] bytes) throws InvalidBlockException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidBlockException("the line at byte " + lineStart + " is not UTF-8 text");
        }
    }
}
