package io.herald.pusher;

/**
 * A Pusher channel name of one app, and the Herald channel it lives in.
 *
 * <p>Each app has its own channel space: {@code presence-room} of app {@code 42} is the Herald channel
 * {@code pusher-presence:42/presence-room}. The namespace follows the kind (presence and cache channels
 * need presence and a one-entry history). Characters Herald names do not allow ({@code , ;}) or give a
 * meaning ({@code #}) are written {@code =XX}, and {@code =} itself as {@code =3D}, so the mapping is one
 * to one.
 *
 * @param app    the app id
 * @param name   the Pusher channel name
 * @param kind   what the prefix makes it
 * @param cached whether it is a cache channel (last event replayed on subscribe)
 */
public record PusherChannel(String app, String name, Kind kind, boolean cached) {
    /** Pusher's limit on channel names. */
    public static final int MAX_NAME_LENGTH = 200;
    static final String NS_PUBLIC = "pusher";
    static final String NS_CACHE = "pusher-cache";
    static final String NS_PRESENCE = "pusher-presence";
    static final String NS_PRESENCE_CACHE = "pusher-presence-cache";
    private static final String USER_PREFIX = "#server-to-user-";

    /** Channel kinds by prefix. */
    public enum Kind {
        PUBLIC, PRIVATE, ENCRYPTED, PRESENCE,
        /** {@code #server-to-user-{id}}: the signed-in user's own channel */
        USER;

        /** Whether subscribing needs an auth signature. */
        public boolean needsAuth() {
            return this == PRIVATE || this == ENCRYPTED || this == PRESENCE;
        }

        /** Whether clients may send {@code client-*} events (Pusher: private and presence only). */
        public boolean allowsClientEvents() {
            return this == PRIVATE || this == PRESENCE;
        }
    }

    /**
     * Parses a Pusher channel name.
     *
     * @return null when the name is empty, too long or has characters Pusher does not allow
     */
    public static PusherChannel parse(String app, String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return null;
        }
        boolean user = name.startsWith(USER_PREFIX) && name.length() > USER_PREFIX.length();
        for (int i = user ? USER_PREFIX.length() : 0; i < name.length(); i++) {
            if (!allowed(name.charAt(i))) {
                return null;
            }
        }
        if (user) {
            return new PusherChannel(app, name, Kind.USER, false);
        }
        Kind kind;
        String rest;
        if (name.startsWith("private-encrypted-")) {
            kind = Kind.ENCRYPTED;
            rest = name.substring("private-encrypted-".length());
        } else if (name.startsWith("private-")) {
            kind = Kind.PRIVATE;
            rest = name.substring("private-".length());
        } else if (name.startsWith("presence-")) {
            kind = Kind.PRESENCE;
            rest = name.substring("presence-".length());
        } else {
            kind = Kind.PUBLIC;
            rest = name;
        }
        return new PusherChannel(app, name, kind, rest.startsWith("cache-"));
    }

    /** Parses a Herald channel name made by {@link #heraldName()}; null when it is not one. */
    public static PusherChannel fromHerald(String herald) {
        int colon = herald.indexOf(':');
        int slash = herald.indexOf('/', colon + 1);
        if (colon < 0 || slash < 0) {
            return null;
        }
        String namespace = herald.substring(0, colon);
        if (!namespace.equals(NS_PUBLIC) && !namespace.equals(NS_CACHE) && !namespace.equals(NS_PRESENCE)
                && !namespace.equals(NS_PRESENCE_CACHE)) {
            return null;
        }
        return parse(herald.substring(colon + 1, slash), unescape(herald.substring(slash + 1)));
    }

    /** The Pusher name of a Herald channel name made by {@link #heraldName()}, without parsing it. */
    public static String pusherName(String herald) {
        return unescape(herald.substring(herald.indexOf('/') + 1));
    }

    /** The Herald channel this Pusher channel is. */
    public String heraldName() {
        return namespace() + ":" + app + "/" + escape(name);
    }

    /** The Herald namespace prefix of this app's channels of one namespace (for listing). */
    public static String heraldPrefix(String namespace, String app) {
        return namespace + ":" + app + "/";
    }

    String namespace() {
        if (kind == Kind.PRESENCE) {
            return cached ? NS_PRESENCE_CACHE : NS_PRESENCE;
        }
        return cached ? NS_CACHE : NS_PUBLIC;
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == '=' || c == '@' || c == ',' || c == '.' || c == ';';
    }

    static String escape(String name) {
        StringBuilder out = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            String replacement = switch (c) {
                case '=' -> "=3D";
                case ',' -> "=2C";
                case ';' -> "=3B";
                case '#' -> "=23";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(name.length() + 8).append(name, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? name : out.toString();
    }

    static String unescape(String escaped) {
        if (escaped.indexOf('=') < 0) {
            return escaped;
        }
        StringBuilder out = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '=' && i + 2 < escaped.length()) {
                out.append((char) Integer.parseInt(escaped.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
