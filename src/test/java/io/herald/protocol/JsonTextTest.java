package io.herald.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class JsonTextTest {

    @Test
    void loneSurrogatesAreEscapedSoTheTextEncodesToUtf8() {
        String json = "\"a\ud800b\udfffc\"";
        String escaped = JsonText.escapeLoneSurrogates(json);
        assertEquals("\"a\\ud800b\\udfffc\"", escaped);
        assertEquals(escaped, new String(escaped.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    @Test
    void validPairsAndPlainTextAreLeftAlone() {
        String json = "\"emoji \ud83d\ude00 ok\"";
        assertSame(json, JsonText.escapeLoneSurrogates(json));
        assertEquals("\"\ud83d\ude00\\udc00\"", JsonText.escapeLoneSurrogates("\"\ud83d\ude00\udc00\""));
        assertEquals("\"\\ud83d\"", JsonText.escapeLoneSurrogates("\"\ud83d\""), "high surrogate at the end");
    }

    @Test
    void quoteEscapesLoneSurrogatesAndKeepsPairs() {
        assertEquals("\"x\\ud800\ud83d\ude00\"", JsonText.quote("x\ud800\ud83d\ude00"));
    }
}
