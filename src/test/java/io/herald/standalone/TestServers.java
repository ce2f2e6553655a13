package io.herald.standalone;

import io.herald.config.HeraldConfig;

import java.io.IOException;

/** Test access to the standalone server with the pages of the source checkout. */
public final class TestServers {
    private TestServers() {
    }

    public static StandaloneServer start(HeraldConfig config) throws IOException {
        return StandaloneServer.start(config, StandaloneMain.pages(null));
    }
}
