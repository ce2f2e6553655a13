package io.herald.hub.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A Lua script shipped as a resource next to this class, with its SHA-1 for EVALSHA. */
record RedisScript(String name, String source, String sha) {
    static final RedisScript PUBLISH = load("publish.lua");
    static final RedisScript READ = load("read.lua");
    static final RedisScript PRESENCE_ADD = load("presence_add.lua");
    static final RedisScript PRESENCE_REMOVE = load("presence_remove.lua");
    static final RedisScript PRESENCE_GET = load("presence_get.lua");

    static RedisScript load(String name) {
        try (InputStream in = RedisScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + name);
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new RedisScript(name, source, HexFormat.of().formatHex(digest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by the JVM spec", e);
        }
    }
}
