package io.herald.security;

import io.herald.config.ConfigException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Which peers may say who the client is ({@code security.trustedProxies}, a list of CIDR ranges or
 * single addresses). A request from a trusted peer gets its client address from {@code Forwarded}
 * ({@code for=}, RFC 7239) or else {@code X-Forwarded-For}: read right to left, the first address
 * that is not itself a trusted proxy is the client (anything left of it could be sent by the client).
 * A request from any other peer keeps the peer address, whatever headers it sends. Immutable.
 */
public final class TrustedProxies {
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    /** One range: {@code prefix} bits of {@code network} (4 or 16 bytes). */
    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** @throws ConfigException for an entry that is not an IP literal with an optional {@code /prefix} */
    public static TrustedProxies of(List<String> cidrs) {
        List<Range> ranges = new ArrayList<>();
        for (String cidr : cidrs) {
            String c = cidr.strip();
            int slash = c.indexOf('/');
            byte[] network = literal(slash < 0 ? c : c.substring(0, slash));
            if (network == null) {
                throw ConfigException.invalid("security.trustedProxies", cidr, "IP addresses or CIDR ranges (10.0.0.0/8)");
            }
            int prefix = network.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(c.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > network.length * 8) {
                    throw ConfigException.invalid("security.trustedProxies", cidr, "a prefix length from 0 to " + network.length * 8);
                }
            }
            ranges.add(new Range(network, prefix));
        }
        return new TrustedProxies(ranges);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether {@code address} (an IP literal) is in one of the ranges. */
    public boolean trusts(String address) {
        byte[] bytes = address == null ? null : literal(address);
        if (bytes == null) {
            return false;
        }
        for (Range r : ranges) {
            if (r.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's address for a request from {@code peer}.
     *
     * @param header the request's header by name (null when absent)
     */
    public String clientAddress(String peer, Function<String, String> header) {
        if (ranges.isEmpty() || !trusts(peer)) {
            return peer;
        }
        List<String> chain = forwardedFor(header.apply("Forwarded"));
        if (chain.isEmpty()) {
            chain = xForwardedFor(header.apply("X-Forwarded-For"));
        }
        String client = peer;
        for (int i = chain.size() - 1; i >= 0; i--) {
            String hop = chain.get(i);
            if (literal(hop) == null) {
                break; // "unknown", an obfuscated name or garbage: nothing further left can be believed
            }
            client = hop;
            if (!trusts(hop)) {
                break;
            }
        }
        return client;
    }

    private static List<String> xForwardedFor(String value) {
        List<String> hops = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(",")) {
                hops.add(stripPort(part.strip()));
            }
        }
        return hops;
    }

    /** The {@code for=} values of a {@code Forwarded} header, in order. */
    private static List<String> forwardedFor(String value) {
        List<String> hops = new ArrayList<>();
        if (value == null) {
            return hops;
        }
        for (String element : value.split(",")) {
            for (String pair : element.split(";")) {
                String p = pair.strip();
                if (p.regionMatches(true, 0, "for=", 0, 4)) {
                    String v = p.substring(4).strip();
                    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                        v = v.substring(1, v.length() - 1);
                    }
                    hops.add(stripPort(v));
                }
            }
        }
        return hops;
    }

    /** {@code [v6]:port} or {@code [v6]} to {@code v6}; {@code v4:port} to {@code v4}. */
    private static String stripPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end > 0 ? hop.substring(1, end) : hop;
        }
        int colon = hop.indexOf(':');
        return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }

    /** The bytes of an IPv4 or IPv6 literal, or null for anything else (never a name lookup). */
    static byte[] literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        boolean v6 = text.indexOf(':') >= 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            boolean ok = ch == '.' || (ch >= '0' && ch <= '9') || (v6 && (ch == ':' || Character.digit(ch, 16) >= 0));
            if (!ok) {
                return null;
            }
        }
        if (!v6 && text.chars().filter(ch -> ch == '.').count() != 3) {
            return null; // "10" or "1.2" would be read as a number by InetAddress
        }
        try {
            return InetAddress.getByName(text).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
