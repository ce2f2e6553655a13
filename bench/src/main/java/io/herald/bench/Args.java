package io.herald.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --key value} command-line options with defaults. */
final class Args {
    private final Map<String, String> values = new LinkedHashMap<>();

    Args(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --key value at " + args[i]);
            }
            values.put(args[i].substring(2), args[++i]);
        }
    }

    String str(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    int integer(String key, int fallback) {
        return values.containsKey(key) ? Integer.parseInt(values.get(key)) : fallback;
    }

    double decimal(String key, double fallback) {
        return values.containsKey(key) ? Double.parseDouble(values.get(key)) : fallback;
    }
}
