package io.herald.standalone;

import io.herald.http.Version;

/** The text of {@code java -jar herald.war --help}. */
final class Usage {
    static final String SHORT = "usage: java -jar herald.war [--port N] [--host H] [--config FILE] [--help] [--version]";

    private Usage() {
    }

    static String full() {
        return """
                Herald %s: a real-time push hub (WebSocket + HTTP API)

                %s

                Options:
                  --port N        port to listen on (0 = any free port; default 8080)
                  --host H        address to bind (default 0.0.0.0)
                  --config FILE   JSON configuration file (default: built-in demo defaults)
                  -h, --help      print this help and exit
                  --version       print the version and exit

                Configuration: built-in defaults, then the --config file (or the file named by
                HERALD_CONFIG), then environment variables. Every key can be overridden by HERALD_ and
                its path in upper snake case: limits.maxMessageBytes is HERALD_LIMITS_MAX_MESSAGE_BYTES,
                server.port is HERALD_SERVER_PORT. Command-line options win over both.

                Stopping: SIGTERM or Ctrl-C drains (every client gets close 1001, spread over
                shutdownDrainSeconds) and exits 0.

                Exit codes: 0 stopped, 1 could not start (e.g. port in use), 2 bad option or configuration.

                Documentation: docs/configuration.md, docs/deploy-standalone.md and docs/protocol.md in
                the Herald source tree and release archive.
                """.formatted(Version.get(), SHORT);
    }
}
