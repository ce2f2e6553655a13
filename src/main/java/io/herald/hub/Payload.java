package io.herald.hub;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The data of a publication: either compact JSON text (already validated by the edge that received it)
 * or raw bytes. Immutable; the byte array is never handed out for writing.
 */
public final class Payload {
    private final String json;
    private final byte[] bytes;

    private Payload(String json, byte[] bytes) {
        this.json = json;
        this.bytes = bytes;
    }

    /** JSON text that the caller has validated; stored and forwarded verbatim. */
    public static Payload json(String compactJson) {
        return new Payload(Objects.requireNonNull(compactJson, "json"), null);
    }

    /** Raw bytes; the array is copied so callers may reuse theirs. */
    public static Payload binary(byte[] data) {
        return new Payload(null, Arrays.copyOf(data, data.length));
    }

    /** Raw bytes the caller promises never to modify again (no copy). */
    public static Payload binaryOwned(byte[] data) {
        return new Payload(null, Objects.requireNonNull(data, "data"));
    }

    public boolean isBinary() {
        return bytes != null;
    }

    public String json() {
        if (json == null) {
            throw new IllegalStateException("binary payload");
        }
        return json;
    }

    /** The bytes of a binary payload. Callers must not modify the returned array. */
    public byte[] bytesUnsafe() {
        if (bytes == null) {
            throw new IllegalStateException("json payload");
        }
        return bytes;
    }

    /** Size in bytes as stored (UTF-8 length estimate for JSON: chars, an upper bound for ASCII). */
    public int size() {
        return bytes != null ? bytes.length : json.length();
    }

    public byte[] toBytes() {
        return bytes != null ? bytes.clone() : json.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payload p && Objects.equals(json, p.json) && Arrays.equals(bytes, p.bytes);
    }

    @Override
    public int hashCode() {
        return json != null ? json.hashCode() : Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return bytes != null ? "Payload[" + bytes.length + " bytes]" : "Payload[json " + json.length() + " chars]";
    }
}
