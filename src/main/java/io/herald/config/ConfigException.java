package io.herald.config;

/** Invalid configuration; the message names the offending key. Thrown at start, never later. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
