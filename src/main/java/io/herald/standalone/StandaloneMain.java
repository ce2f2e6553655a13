package io.herald.standalone;

import io.herald.config.ConfigException;
import io.herald.config.ConfigLoader;
import io.herald.config.HeraldConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar herald.war [--port N] [--host H] [--config FILE] [--webroot DIR]}.
 * The launcher passes {@code --webroot} pointing at the unpacked WAR.
 */
public final class StandaloneMain {

    private StandaloneMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("herald: " + e.getMessage());
            System.err.println("usage: java -jar herald.war [--port N] [--host H] [--config FILE]");
            System.exit(2);
            return;
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        // command-line flags win over the file and the environment
        if (options.containsKey("port")) {
            env.put("HERALD_SERVER_PORT", options.get("port"));
        }
        if (options.containsKey("host")) {
            env.put("HERALD_SERVER_HOST", options.get("host"));
        }
        String configFile = options.getOrDefault("config", env.get("HERALD_CONFIG"));
        HeraldConfig config;
        try {
            config = ConfigLoader.load(configFile == null ? null : Path.of(configFile), env);
        } catch (ConfigException e) {
            System.err.println("herald: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        StandaloneServer server;
        try {
            server = StandaloneServer.start(config, pages(options.get("webroot")));
        } catch (ConfigException e) {
            System.err.println("herald: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "herald-shutdown"));
        String shownHost = server.host().equals("0.0.0.0") ? "localhost" : server.host();
        System.out.println("Herald listening on " + (server.secure() ? "https://" : "http://") + shownHost + ":" + server.port());
        System.out.flush();
        stopped.await();
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
            if (!arg.startsWith("--") || !List.of("--port", "--host", "--config", "--webroot").contains(arg)) {
                throw new IllegalArgumentException("unknown option " + arg);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            options.put(arg.substring(2), args[++i]);
        }
        return options;
    }
}
