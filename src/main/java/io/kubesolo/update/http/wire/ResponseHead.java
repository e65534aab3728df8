package io.kubesolo.update.http.wire;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The status line and headers of an answer, read from a connection: bounded in line length and in
 * total, so a hostile server cannot make the agent hold an endless head in memory.
 *
 * @param version "HTTP/1.1" or "HTTP/1.0"
 * @param reason  the reason phrase, possibly empty
 * @param headers in the order received, names as sent
 */
public record ResponseHead(String version, int status, String reason, List<Header> headers) {

    static final int MAX_LINE_BYTES = 16 * 1024;
    static final int MAX_HEAD_BYTES = 128 * 1024;

    /** One header field as received. */
    public record Header(String name, String value) {}

    public ResponseHead {
        headers = List.copyOf(headers);
    }

    /**
     * Reads the next head from {@code connection}, skipping interim {@code 1xx} answers.
     *
     * @throws EOFException when the server closed the connection before a status line
     * @throws IOException  when what came is not an HTTP/1.x head
     */
    public static ResponseHead read(Connection connection) throws IOException {
        while (true) {
            ResponseHead head = readOne(connection);
            if (head.status() >= 200 || head.status() == 101) {
                return head;
            }
        }
    }

    private static ResponseHead readOne(Connection connection) throws IOException {
        String statusLine = connection.readLine(MAX_LINE_BYTES);
        if (statusLine == null) {
            throw new EOFException("the server closed the connection without answering");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[1-9][0-9][0-9]")) {
            throw new IOException("the server's answer is not HTTP/1.x: '" + printable(statusLine) + "'");
        }
        List<Header> headers = new ArrayList<>();
        int total = statusLine.length();
        while (true) {
            String line = connection.readLine(MAX_LINE_BYTES);
            if (line == null) {
                throw new EOFException("the server closed the connection in the middle of its headers");
            }
            if (line.isEmpty()) {
                return new ResponseHead(
                        parts[0], Integer.parseInt(parts[1]), parts.length == 3 ? parts[2] : "", headers);
            }
            total += line.length();
            if (total > MAX_HEAD_BYTES) {
                throw new IOException("the server's headers are longer than " + MAX_HEAD_BYTES + " bytes");
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !headers.isEmpty()) {
                // An obsolete folded line continues the previous field (RFC 9112 §5.2).
                Header last = headers.remove(headers.size() - 1);
                headers.add(new Header(last.name(), last.value() + " " + line.strip()));
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("the server sent a malformed header line: '" + printable(line) + "'");
            }
            headers.add(new Header(
                    line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
        }
    }

    /** The last value of the header {@code name} (case-insensitive), as the JDK's clients give it. */
    public Optional<String> header(String name) {
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (headers.get(i).name().equalsIgnoreCase(name)) {
                return Optional.of(headers.get(i).value());
            }
        }
        return Optional.empty();
    }

    /**
     * The declared {@code Content-Length}, or empty when there is none or it is not one number
     * (two different values, a sign, letters: the body's end is then unknown).
     */
    public OptionalLong contentLength() {
        Long length = null;
        for (Header header : headers) {
            if (header.name().equalsIgnoreCase("Content-Length")) {
                for (String value : header.value().split(",", -1)) {
                    String digits = value.strip();
                    if (!digits.matches("[0-9]{1,18}")) {
                        return OptionalLong.empty();
                    }
                    long parsed = Long.parseLong(digits);
                    if (length != null && length != parsed) {
                        return OptionalLong.empty();
                    }
                    length = parsed;
                }
            }
        }
        return length == null ? OptionalLong.empty() : OptionalLong.of(length);
    }

    /** Whether the body is sent in chunks ({@code Transfer-Encoding} ending in chunked). */
    boolean chunked() {
        return header("Transfer-Encoding")
                .map(value -> value.toLowerCase(Locale.ROOT).strip().endsWith("chunked"))
                .orElse(false);
    }

    /** Whether the server lets the connection be used again after this answer. */
    boolean keepsAlive() {
        String connection = header("Connection").orElse("").toLowerCase(Locale.ROOT);
        return version.equals("HTTP/1.1") ? !connection.contains("close") : connection.contains("keep-alive");
    }

    private static String printable(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
