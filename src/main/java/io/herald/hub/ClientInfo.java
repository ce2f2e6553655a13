package io.herald.hub;

import java.util.Objects;

/**
 * Who a client is: its connection id, its authenticated user (empty when anonymous), display name and
 * the connection info its backend attached (the connect proxy's {@code info}), shown in presence, join,
 * leave and publication info.
 *
 * @param connInfo a JSON value as text, or "" for none
 */
public record ClientInfo(String client, String user, String name, String connInfo) {
    public ClientInfo {
        Objects.requireNonNull(client, "client");
        user = user == null ? "" : user;
        name = name == null ? "" : name;
        connInfo = connInfo == null ? "" : connInfo;
    }

    /** Without connection info. */
    public ClientInfo(String client, String user, String name) {
        this(client, user, name, "");
    }
}
