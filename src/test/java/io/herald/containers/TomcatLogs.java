package io.herald.containers;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Reads what Tomcat appended to its current catalina log since a mark. */
public final class TomcatLogs {
    private final Path dir;

    private TomcatLogs(Path dir) {
        this.dir = dir;
    }

    public static TomcatLogs of(String catalinaBase) {
        return new TomcatLogs(Path.of(catalinaBase, "logs"));
    }

    /** @return the current log's length, to pass to {@link #since} */
    public long mark() throws IOException {
        Path log = current();
        return log == null ? 0 : Files.size(log);
    }

    /** The text appended to the current log after {@code mark}. */
    public String since(long mark) throws IOException {
        Path log = current();
        if (log == null) {
            throw new IOException("no catalina log in " + dir);
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            byte[] bytes = new byte[(int) Math.max(0, length - mark)];
            file.seek(Math.min(mark, length));
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private Path current() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("catalina."))
                    .max(Comparator.comparing(p -> p.toFile().lastModified())).orElse(null);
        }
    }
}
