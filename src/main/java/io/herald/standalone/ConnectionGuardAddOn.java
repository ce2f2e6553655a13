package io.herald.standalone;

import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * Puts the {@link ConnectionGuardFilter} right before Tyrus's filter, and its {@link UpgradedBypass} right
 * before Grizzly's HTTP codec. Register it after Tyrus's add-on, which inserts its (package-private) filter
 * right before Grizzly's {@link HttpServerFilter}.
 */
final class ConnectionGuardAddOn implements AddOn {
    private static final String TYRUS_FILTER = "org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter";

    private final ConnectionGuardFilter filter;

    ConnectionGuardAddOn(ConnectionGuardFilter filter) {
        this.filter = filter;
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int http = builder.indexOfType(HttpServerFilter.class);
        if (http < 1 || !TYRUS_FILTER.equals(builder.get(http - 1).getClass().getName())) {
            throw new IllegalStateException("Tyrus's WebSocket filter is not before the HTTP server filter;"
                    + " register its add-on first");
        }
        builder.add(http - 1, filter);
        int codec = builder.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class);
        if (codec < 0 || codec >= http - 1) {
            throw new IllegalStateException("Grizzly's HTTP codec is not before Tyrus's filter");
        }
        builder.add(codec, filter.upgradedBypass());
    }
}
