package io.herald.security;

import io.herald.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OriginPolicyTest {
    private final OriginPolicy sameOrigin = new OriginPolicy(List.of(), true);
    private final OriginPolicy listed = new OriginPolicy(List.of("https://app.example.com", "http://localhost:3000"), false);

    @Test
    void sameOriginDefaultAcceptsOnlyTheServersOwnSchemeHostAndPort() {
        assertTrue(sameOrigin.allows("http://127.0.0.1:8080", "127.0.0.1:8080", false));
        assertTrue(sameOrigin.allows("HTTP://LOCALHOST", "localhost:80", false), "case and default port fold");
        assertTrue(sameOrigin.allows("https://hub.example.com", "hub.example.com", true));
        assertFalse(sameOrigin.allows("http://hub.example.com", "hub.example.com", true), "scheme differs");
        assertFalse(sameOrigin.allows("http://127.0.0.1:8081", "127.0.0.1:8080", false), "port differs");
        assertFalse(sameOrigin.allows("http://evil.example", "127.0.0.1:8080", false));
        assertFalse(sameOrigin.allows("http://127.0.0.1:8080.evil.example", "127.0.0.1:8080", false));
        assertFalse(sameOrigin.allows("http://127.0.0.1:8080", null, false), "no Host, nothing to compare with");
    }

    @Test
    void listedOriginsMatchExactlyNeverByPrefixOrSuffix() {
        assertTrue(listed.allows("https://app.example.com", "hub.example.com", true));
        assertTrue(listed.allows("https://app.example.com:443", "hub.example.com", true));
        assertTrue(listed.allows("http://localhost:3000", "hub.example.com", true));
        assertFalse(listed.allows("https://app.example.com.evil.net", "hub.example.com", true));
        assertFalse(listed.allows("https://evil-app.example.com", "hub.example.com", true));
        assertFalse(listed.allows("https://sub.app.example.com", "hub.example.com", true));
        assertFalse(listed.allows("http://app.example.com", "hub.example.com", true), "scheme differs");
        assertFalse(listed.allows("https://hub.example.com", "hub.example.com", true),
                "with a list, the own origin is not implied");
    }

    @Test
    void nullAndMalformedOriginsAreRefused() {
        for (String bad : List.of("null", "file://", "garbage", "https://", "https://app.example.com/path",
                "https://user@app.example.com", "javascript:alert(1)", "https://app.example.com?x=1")) {
            assertFalse(listed.allows(bad, "hub.example.com", true), bad);
            assertFalse(sameOrigin.allows(bad, "app.example.com", true), bad);
        }
    }

    @Test
    void missingOriginFollowsTheSwitch() {
        assertTrue(sameOrigin.allows(null, "h:1", false));
        assertTrue(sameOrigin.allows("", "h:1", false));
        assertFalse(listed.allows(null, "h:1", false));
    }

    @Test
    void starAllowsAnyOrigin() {
        assertTrue(new OriginPolicy(List.of("*"), true).allows("http://anything.example", "h:1", false));
    }

    @Test
    void entriesThatAreNotOriginsFailTheConfig() {
        assertThrows(ConfigException.class, () -> new OriginPolicy(List.of("https://app.example.com/path"), true));
        assertThrows(ConfigException.class, () -> new OriginPolicy(List.of("app.example.com"), true));
    }
}
