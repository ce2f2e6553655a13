package io.herald.security;

import io.herald.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrustedProxiesTest {
    private static final TrustedProxies PROXIES = TrustedProxies.of(List.of("127.0.0.1", "10.0.0.0/8", "fd00::/8"));

    private static String client(String peer, Map<String, String> headers) {
        return PROXIES.clientAddress(peer, headers::get);
    }

    @Test
    void rangesMatchByPrefix() {
        assertTrue(PROXIES.trusts("10.255.0.1"));
        assertTrue(PROXIES.trusts("127.0.0.1"));
        assertFalse(PROXIES.trusts("127.0.0.2"));
        assertFalse(PROXIES.trusts("11.0.0.1"));
        assertTrue(PROXIES.trusts("fd12:3456::1"));
        assertFalse(PROXIES.trusts("fe80::1"));
        assertTrue(TrustedProxies.of(List.of("192.168.1.128/25")).trusts("192.168.1.200"));
        assertFalse(TrustedProxies.of(List.of("192.168.1.128/25")).trusts("192.168.1.100"));
    }

    @Test
    void aTrustedPeersForwardedForHeaderNamesTheClient() {
        assertEquals("203.0.113.7", client("127.0.0.1", Map.of("X-Forwarded-For", "203.0.113.7")));
        assertEquals("203.0.113.7", client("10.1.1.1", Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.7, 10.2.2.2")),
                "right to left, the first untrusted hop is the client; what is left of it could be forged");
        assertEquals("2001:db8::1", client("127.0.0.1", Map.of("Forwarded", "for=\"[2001:db8::1]:4711\";proto=https")));
        assertEquals("203.0.113.9", client("127.0.0.1", Map.of("Forwarded", "for=198.51.100.1, for=203.0.113.9:80",
                "X-Forwarded-For", "1.2.3.4")), "Forwarded wins over X-Forwarded-For");
    }

    @Test
    void anUntrustedPeersHeadersAreIgnored() {
        assertEquals("198.51.100.20", client("198.51.100.20", Map.of("X-Forwarded-For", "203.0.113.7")));
        assertEquals("198.51.100.20", client("198.51.100.20", Map.of("Forwarded", "for=203.0.113.7")));
        assertEquals("127.0.0.1", TrustedProxies.NONE.clientAddress("127.0.0.1", Map.of("X-Forwarded-For", "203.0.113.7")::get));
    }

    @Test
    void garbageOrNamesInTheHeaderStopTheWalk() {
        assertEquals("127.0.0.1", client("127.0.0.1", Map.of("X-Forwarded-For", "unknown")));
        assertEquals("127.0.0.1", client("127.0.0.1", Map.of("X-Forwarded-For", "evil.example")),
                "a name is never looked up");
        assertEquals("127.0.0.1", client("127.0.0.1", Map.of("Forwarded", "for=_hidden")));
        assertEquals("127.0.0.1", client("127.0.0.1", Map.of()));
    }

    @Test
    void badEntriesFailAtStart() {
        assertThrows(ConfigException.class, () -> TrustedProxies.of(List.of("10.0.0.0/33")));
        assertThrows(ConfigException.class, () -> TrustedProxies.of(List.of("proxy.internal")));
        assertThrows(ConfigException.class, () -> TrustedProxies.of(List.of("10.0.0/8")));
    }
}
