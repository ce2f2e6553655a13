package io.herald;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every main package has a {@code package-info.java} saying its job and, on a line starting
 * {@code May import:}, the packages it may import ({@code x.*} = x and everything below it); every import
 * of the package's files is on that list.
 */
class PackageRulesTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern CODE = Pattern.compile("\\{@code ([A-Za-z0-9_.*]+)}");
    private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)(\\.\\*)?;", Pattern.MULTILINE);

    @Test
    void everyPackageSaysItsJobAndImportsOnlyWhatItAllows() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path dir : packages()) {
            Path info = dir.resolve("package-info.java");
            if (!Files.exists(info)) {
                problems.add(MAIN.relativize(dir) + ": no package-info.java");
                continue;
            }
            List<String> allowed = allowed(Files.readString(info));
            if (allowed.isEmpty()) {
                problems.add(MAIN.relativize(info) + ": no 'May import:' list");
                continue;
            }
            String own = MAIN.relativize(dir).toString().replace('/', '.');
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = IMPORT.matcher(Files.readString(file));
                    while (m.find()) {
                        String pkg = packageOf(m.group(2), m.group(1) != null, m.group(3) != null);
                        if (!pkg.equals(own) && allowed.stream().noneMatch(a -> matches(a, pkg))) {
                            problems.add(MAIN.relativize(file) + " imports " + m.group(2));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static List<Path> packages() throws IOException {
        try (Stream<Path> all = Files.walk(MAIN.resolve("io/herald"))) {
            return all.filter(Files::isDirectory).filter(d -> {
                try (Stream<Path> files = Files.list(d)) {
                    return files.anyMatch(p -> p.toString().endsWith(".java"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sorted().toList();
        }
    }

    private static List<String> allowed(String packageInfo) {
        int at = packageInfo.indexOf("May import:");
        if (at < 0) {
            return List.of();
        }
        int end = packageInfo.indexOf("*/", at);
        int stop = packageInfo.indexOf(". ", at); // the list ends with its sentence
        String list = packageInfo.substring(at, stop > 0 && stop < end ? stop : end);
        List<String> out = new ArrayList<>();
        Matcher m = CODE.matcher(list);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** {@code a.b.C} and {@code a.b.C.Inner} are in {@code a.b}; static imports name a member too. */
    private static String packageOf(String name, boolean isStatic, boolean wildcard) {
        List<String> parts = new ArrayList<>(List.of(name.split("\\.")));
        if (wildcard && !isStatic) {
            return name;
        }
        int i = 0;
        while (i < parts.size() && !Character.isUpperCase(parts.get(i).charAt(0))) {
            i++;
        }
        return String.join(".", parts.subList(0, i));
    }

    private static boolean matches(String allowed, String pkg) {
        if (allowed.endsWith(".*")) {
            String root = allowed.substring(0, allowed.length() - 2);
            return pkg.equals(root) || pkg.startsWith(root + ".");
        }
        return pkg.equals(allowed);
    }
}
