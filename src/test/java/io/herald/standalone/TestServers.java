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

    /** As {@link #start(HeraldConfig)}, with more directories served under the given path prefixes. */
    public static StandaloneServer start(HeraldConfig config, java.util.Map<String, java.nio.file.Path> extra)
            throws IOException {
        java.util.List<StaticFiles.Mount> mounts = new java.util.ArrayList<>(StandaloneMain.pages(null));
        extra.forEach((prefix, dir) -> mounts.add(new StaticFiles.Mount(prefix, dir.toAbsolutePath().normalize())));
        return StandaloneServer.start(config, mounts);
    }
}
