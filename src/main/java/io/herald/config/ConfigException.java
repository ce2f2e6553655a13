package io.herald.config;

/**
 * Invalid configuration, thrown at start, never later. Every key error has the one format built by
 * {@link #invalid}: the key's path, the value found and what is allowed, e.g.
 * {@code config key 'server.port' is 70000; allowed: an integer from 0 to 65535}.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The one message format for a bad key.
     *
     * @param path    dotted path of the key, e.g. {@code limits.maxMessageBytes} or {@code apiKeys[0]}
     * @param value   what was found (a JSON value, a string from the environment, or a short description)
     * @param allowed what would have been accepted, e.g. {@code an integer from 0 to 65535}
     */
    public static ConfigException invalid(String path, Object value, String allowed) {
        return new ConfigException("config key '" + path + "' is " + value + "; allowed: " + allowed);
    }

    /** As {@link #invalid(String, Object, String)}, with the cause kept (e.g. an unreadable file). */
    public static ConfigException invalid(String path, Object value, String allowed, Throwable cause) {
        return new ConfigException("config key '" + path + "' is " + value + "; allowed: " + allowed, cause);
    }

    /** The same format for a value set by an environment variable, which the message names too. */
    public static ConfigException fromEnvironment(String path, String variable, String text, String allowed) {
        return new ConfigException("config key '" + path + "' (set by " + variable + ") is \"" + text
                + "\"; allowed: " + allowed);
    }
}
