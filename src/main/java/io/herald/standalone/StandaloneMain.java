package io.herald.standalone;

import io.herald.config.ConfigException;
import io.herald.config.ConfigLoader;
import io.herald.config.HeraldConfig;
import io.herald.http.Version;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar herald.war [--port N] [--host H] [--config FILE]}, see {@link Usage}. The launcher
 * passes {@code --webroot} pointing at the unpacked WAR and calls {@link #start}, so that it can order
 * the drain before deleting the unpacked files; {@link #main} is for runs from a source checkout.
 *
 * <p>Exit codes: 0 after a drained stop, {@code --help} or {@code --version}; 1 when the server cannot
 * start (e.g. the port is in use); 2 for a bad option or configuration. Each error is one line on stderr.
 */
public final class StandaloneMain {

    private StandaloneMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Runnable stop = start(args);
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "herald-shutdown"));
        Thread.currentThread().join(); // the server's threads do the work; the JVM ends through a shutdown hook
    }

    /**
     * Starts the server, or exits the JVM with the codes above. Returns the stop action: it closes every
     * client with 1001 over {@code shutdownDrainSeconds}, is idempotent, and a second caller waits until
     * the first has finished, so whoever calls it last knows the drain is complete.
     */
    public static Runnable start(String[] args) {
        Map<String, String> options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("herald: " + e.getMessage());
            System.err.println(Usage.SHORT);
            System.exit(2);
            return null;
        }
        if (options.containsKey("help")) {
            System.out.print(Usage.full());
            System.exit(0);
        }
        if (options.containsKey("version")) {
            System.out.println("herald " + Version.get());
            System.exit(0);
        }
        HeraldConfig config = loadOrExit(options);
        StandaloneServer server = startOrExit(config, options);
        String shownHost = server.host().equals("0.0.0.0") ? "localhost" : server.host();
        System.out.println("Herald listening on " + (server.secure() ? "https://" : "http://") + shownHost + ":" + server.port());
        System.out.flush();
        return new Once(server::close);
    }

    private static HeraldConfig loadOrExit(Map<String, String> options) {
        Map<String, String> env = new HashMap<>(System.getenv());
        // command-line flags win over the file and the environment
        if (options.containsKey("port")) {
            env.put("HERALD_SERVER_PORT", options.get("port"));
        }
        if (options.containsKey("host")) {
            env.put("HERALD_SERVER_HOST", options.get("host"));
        }
        String configFile = options.getOrDefault("config", env.get("HERALD_CONFIG"));
        try {
            return ConfigLoader.load(configFile == null ? null : Path.of(configFile), env);
        } catch (ConfigException e) {
            System.err.println("herald: invalid configuration: " + e.getMessage());
            System.exit(2);
            return null;
        }
    }

    private static StandaloneServer startOrExit(HeraldConfig config, Map<String, String> options) {
        try {
            return StandaloneServer.start(config, pages(options.get("webroot")));
        } catch (ConfigException e) {
            System.err.println("herald: invalid configuration: " + e.getMessage());
            System.exit(2);
        } catch (IOException | RuntimeException e) {
            System.err.println("herald: " + startFailure(e, config));
            System.exit(1);
        }
        return null;
    }

    /** One line a person can act on; the stack trace helps nobody who only chose a taken port. */
    static String startFailure(Throwable e, HeraldConfig config) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return "port " + config.server().port() + " on " + config.server().host() + " is in use; choose another with --port";
            }
        }
        return "failed to start: " + (e.getCause() != null ? e.getCause() : e);
    }

    static List<StaticFiles.Mount> pages(String webroot) {
        List<StaticFiles.Mount> mounts = new ArrayList<>();
        if (webroot != null) {
            mounts.add(new StaticFiles.Mount("/", Path.of(webroot).toAbsolutePath().normalize()));
        } else {
            // run from a source checkout (tests, IDE): the client's folders directly
            Path client = Path.of("webapp-client").toAbsolutePath().normalize();
            if (Files.isDirectory(client)) {
                mounts.add(new StaticFiles.Mount("/", client.resolve("public")));
                mounts.add(new StaticFiles.Mount("/lib/", client.resolve("src")));
            }
        }
        return mounts;
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (List.of("--help", "-h", "--version").contains(arg)) {
                options.put(arg.equals("-h") ? "help" : arg.substring(2), "");
                continue;
            }
            if (!List.of("--port", "--host", "--config", "--webroot").contains(arg)) {
                throw new IllegalArgumentException("unknown option " + arg);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            options.put(arg.substring(2), args[++i]);
        }
        return options;
    }

    /** Runs its action once; later callers wait for that run to finish. */
    private static final class Once implements Runnable {
        private final Runnable action;
        private boolean done;

        Once(Runnable action) {
            this.action = action;
        }

        @Override
        public synchronized void run() {
            if (!done) {
                done = true;
                action.run();
            }
        }
    }
}
