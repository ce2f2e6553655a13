package io.herald.hub;

/**
 * A parsed, validated channel name {@code [namespace:]name}. Allowed characters are ASCII letters,
 * digits and {@code _ - . = @ / # :}; the first colon separates the namespace. A {@code #} starts the
 * user part of a user-limited channel ({@code notifications:#alice}).
 */
public record ChannelName(String full, String namespace, String name) {

    /**
     * Parses and validates a channel name.
     *
     * @throws HubException {@code bad_request} when empty, too long or with illegal characters
     */
    public static ChannelName parse(String channel, int maxLength) {
        if (channel == null || channel.isEmpty()) {
            throw new HubException(ErrorCode.BAD_REQUEST, "channel is required");
        }
        if (channel.length() > maxLength) {
            throw new HubException(ErrorCode.BAD_REQUEST, "channel name longer than " + maxLength);
        }
        int colon = -1;
        for (int i = 0; i < channel.length(); i++) {
            char c = channel.charAt(i);
            if (c == ':') {
                if (colon < 0) {
                    colon = i; // later colons belong to the name
                }
            } else if (!isAllowed(c)) {
                throw new HubException(ErrorCode.BAD_REQUEST, "illegal character in channel name at index " + i);
            }
        }
        if (colon == 0 || colon == channel.length() - 1) {
            throw new HubException(ErrorCode.BAD_REQUEST, "empty namespace or name in channel");
        }
        String namespace = colon < 0 ? "" : channel.substring(0, colon);
        String name = colon < 0 ? channel : channel.substring(colon + 1);
        return new ChannelName(channel, namespace, name);
    }

    private static boolean isAllowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == '.' || c == '=' || c == '@' || c == '/' || c == '#';
    }
}
