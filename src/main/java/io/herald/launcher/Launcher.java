package io.herald.launcher;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Entry point of {@code java -jar herald.war}, in the manner of jenkins.war. It sits at the WAR's root
 * (outside WEB-INF, so servlet containers never load it), unpacks the WAR into a temporary directory,
 * and starts the standalone server in a class loader made of the application
 * ({@code WEB-INF/classes}, {@code WEB-INF/lib}) plus the standalone runtime that only this mode uses
 * ({@code WEB-INF/standalone}: Tyrus, Grizzly and the standalone classes). Uses only the JDK.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        Path war = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path root = Files.createTempDirectory("herald-");
        // until the server runs (bad options and --help exit early): just delete the unpacked files
        Thread cleanup = new Thread(() -> deleteQuietly(root), "herald-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        unpack(war, root);
        ClassLoader app = new URLClassLoader(classPath(root), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(app);
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--webroot";
        full[args.length + 1] = root.toString();
        Runnable stop;
        try {
            stop = (Runnable) app.loadClass("io.herald.standalone.StandaloneMain").getMethod("start", String[].class)
                    .invoke(null, (Object) full);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        // One hook, in this order: the drain still loads classes from the unpacked WAR, so the files may
        // only go once it has finished. (Two hooks would run at the same time: the JVM starts them all.)
        Runtime.getRuntime().removeShutdownHook(cleanup);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop.run();
            } finally {
                deleteQuietly(root);
            }
        }, "herald-shutdown"));
        StopSignals.exitCleanlyOn("TERM", "INT");
        Thread.currentThread().join(); // the server's threads do the work; the JVM ends through the hook
    }

    private static void unpack(Path war, Path root) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(war))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("refusing entry outside the WAR root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static URL[] classPath(Path root) throws IOException {
        List<URL> urls = new ArrayList<>();
        urls.add(root.resolve("WEB-INF/standalone/classes/").toUri().toURL());
        urls.add(root.resolve("WEB-INF/classes/").toUri().toURL());
        for (String lib : List.of("WEB-INF/lib", "WEB-INF/standalone/lib")) {
            Path dir = root.resolve(lib);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> jars = Files.list(dir)) {
                    for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                        urls.add(jar.toUri().toURL());
                    }
                }
            }
        }
        return urls.toArray(URL[]::new);
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // best effort: a leftover temp dir is harmless
        }
    }

}
