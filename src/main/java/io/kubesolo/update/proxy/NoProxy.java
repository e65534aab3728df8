package io.kubesolo.update.proxy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hosts reached directly although a proxy is configured: {@code NO_PROXY}, as curl and Go read
 * it. Entries are separated by commas (or spaces); {@code *} alone matches every host. An entry
 * matches
 * <ul>
 *   <li>a domain and its subdomains: {@code example.com}, {@code .example.com} and {@code *.example.com}
 *       all match {@code example.com} and {@code r.example.com}, not {@code badexample.com};</li>
 *   <li>with a port, only that port: {@code registry.local:5000}, {@code [::1]:8080};</li>
 *   <li>an IP address literally ({@code 10.0.0.5}, {@code ::1}), or a CIDR block ({@code 10.0.0.0/8},
 *       {@code fd00::/8}) the host's IP literal lies in. Names are never resolved to match a block.</li>
 * </ul>
 * Matching ignores case. A URL without a port is taken at its scheme's (80, 443).
 */
final class NoProxy {

    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");

    private final boolean everything;
    private final List<Entry> entries;

    private NoProxy(boolean everything, List<Entry> entries) {
        this.everything = everything;
        this.entries = List.copyOf(entries);
    }

    static NoProxy none() {
        return new NoProxy(false, List.of());
    }

    /** @param variable the variable's name, for messages */
    static NoProxy parse(String text, String variable) {
        List<Entry> entries = new ArrayList<>();
        boolean everything = false;
        for (String raw : SEPARATORS.split(text.strip().toLowerCase(Locale.ROOT), -1)) {
            if (raw.isEmpty()) {
                continue;
            }
            if (raw.equals("*")) {
                everything = true;
            } else {
                entries.add(Entry.parse(raw, variable));
            }
        }
        return new NoProxy(everything, entries);
    }

    boolean matches(URI uri) {
        if (everything) {
            return true;
        }
        String host = unbracket(uri.getHost().toLowerCase(Locale.ROOT));
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return entries.stream().anyMatch(entry -> entry.matches(host, port));
    }

    String describe() {
        return everything
                ? "*"
                : String.join(",", entries.stream().map(Entry::text).toList());
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** One entry: a domain or address, maybe with a port, or a CIDR block. */
    private record Entry(String text, String host, int port, Optional<Block> block) {

        static Entry parse(String raw, String variable) {
            if (raw.contains("/")) {
                return new Entry(raw, "", -1, Optional.of(Block.parse(raw, variable)));
            }
            String host = raw;
            int port = -1;
            int colon = raw.lastIndexOf(':');
            boolean bracketed = raw.startsWith("[");
            boolean bareIpv6 = !bracketed && raw.indexOf(':') != colon;
            if (colon > 0 && !bareIpv6 && (!bracketed || raw.charAt(colon - 1) == ']')) {
                try {
                    port = Integer.parseInt(raw.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new ProxyException(variable + " entry '" + raw + "' has a port that is not a number");
                }
                host = raw.substring(0, colon);
            }
            host = unbracket(host);
            if (host.startsWith("*.")) {
                host = host.substring(2);
            } else if (host.startsWith(".")) {
                host = host.substring(1);
            }
            return new Entry(raw, host, port, Optional.empty());
        }

        boolean matches(String candidate, int candidatePort) {
            if (block.isPresent()) {
                return block.get().contains(candidate);
            }
            if (port != -1 && port != candidatePort) {
                return false;
            }
            return candidate.equals(host) || (!Block.isIpLiteral(host) && candidate.endsWith("." + host));
        }
    }

    /** A CIDR block of IPv4 or IPv6 addresses. */
    private record Block(BigInteger network, int prefix, int bits) {

        static Block parse(String text, String variable) {
            int slash = text.indexOf('/');
            String address = text.substring(0, slash);
            if (!isIpLiteral(address)) {
                throw new ProxyException(variable + " entry '" + text + "' is not a CIDR block (e.g. 10.0.0.0/8)");
            }
            byte[] bytes = literal(address);
            int prefix;
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new ProxyException(
                        variable + " entry '" + text + "' has a prefix length outside 0.." + bytes.length * 8);
            }
            return new Block(masked(new BigInteger(1, bytes), prefix, bytes.length * 8), prefix, bytes.length * 8);
        }

        boolean contains(String host) {
            if (!isIpLiteral(host)) {
                return false;
            }
            byte[] bytes = literal(host);
            return bytes.length * 8 == bits
                    && masked(new BigInteger(1, bytes), prefix, bits).equals(network);
        }

        private static BigInteger masked(BigInteger value, int prefix, int bits) {
            return value.shiftRight(bits - prefix);
        }

        static boolean isIpLiteral(String host) {
            return host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (host.contains(":") && host.matches("[0-9a-f:.]+"));
        }

        /** An IP literal's bytes; never a name lookup, as {@link #isIpLiteral} is checked first. */
        private static byte[] literal(String address) {
            try {
                return InetAddress.getByName(address).getAddress();
            } catch (UnknownHostException e) {
                throw new ProxyException("'" + address + "' is not an IP address");
            }
        }
    }
}
