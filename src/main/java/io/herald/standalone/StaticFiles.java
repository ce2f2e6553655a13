package io.herald.standalone;

import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Serves the web pages from directories mounted at URL prefixes. Refuses path traversal and anything
 * under {@code WEB-INF}/{@code META-INF} (in WAR mode the mount is the unpacked WAR).
 */
final class StaticFiles {
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"), Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"), Map.entry("ico", "image/x-icon"), Map.entry("ts", "text/plain; charset=utf-8"),
            Map.entry("md", "text/plain; charset=utf-8"), Map.entry("txt", "text/plain; charset=utf-8"));

    /** A directory served under a URL prefix ("/" or "/lib/"). */
    record Mount(String prefix, Path directory) {
    }

    private final List<Mount> mounts;

    StaticFiles(List<Mount> mounts) {
        // longest prefix first, so /lib/ wins over /
        this.mounts = mounts.stream().sorted((a, b) -> b.prefix().length() - a.prefix().length()).toList();
    }

    void serve(Request request, Response response) throws IOException {
        String path = request.getRequestURI();
        if (!"GET".equals(request.getMethod().getMethodString()) && !"HEAD".equals(request.getMethod().getMethodString())) {
            response.setStatus(405);
            return;
        }
        if (path.endsWith("/")) {
            path = path + "index.html";
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("/web-inf") || lower.contains("/meta-inf") || path.contains("..") || path.contains("\\")) {
            response.setStatus(404);
            return;
        }
        for (Mount mount : mounts) {
            if (path.startsWith(mount.prefix())) {
                Path file = mount.directory().resolve(path.substring(mount.prefix().length())).normalize();
                if (file.startsWith(mount.directory()) && Files.isRegularFile(file)) {
                    send(file, response);
                    return;
                }
            }
        }
        response.setStatus(404);
        response.setContentType("text/plain");
        response.getWriter().write("not found");
    }

    private static void send(Path file, Response response) throws IOException {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        response.setContentType(type == null ? "application/octet-stream" : type);
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        byte[] bytes = Files.readAllBytes(file);
        response.setContentLength(bytes.length);
        // not closed here: Grizzly finishes the response itself, and closing the stream first made it send
        // no Content-Type when the request asked for an upgrade (Java's HttpClient asks for h2c by default)
        response.getOutputStream().write(bytes);
    }
}
