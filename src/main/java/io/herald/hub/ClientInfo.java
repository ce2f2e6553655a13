package io.herald.hub;

import java.util.Objects;

/** Who a client is: its connection id, its authenticated user (empty when anonymous) and display name. */
public record ClientInfo(String client, String user, String name) {
    public ClientInfo {
        Objects.requireNonNull(client, "client");
        user = user == null ? "" : user;
        name = name == null ? "" : name;
    }
}
