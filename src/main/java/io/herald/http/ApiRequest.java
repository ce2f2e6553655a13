package io.herald.http;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A container-neutral HTTP request as the API sees it.
 *
 * @param method      upper-case HTTP method
 * @param path        path below the API root, e.g. {@code /publish}
 * @param query       decoded query parameters
 * @param headers     header lookup by case-insensitive name (null when absent)
 * @param body        the body, already cut at the size limit; {@code bodyTooLarge} says if it was
 * @param bodyTooLarge whether the body exceeded the limit the adapter was given
 */
public record ApiRequest(String method, String path, Map<String, List<String>> query,
                         UnaryOperator<String> headers, byte[] body, boolean bodyTooLarge) {

    public String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String header(String name) {
        return headers.apply(name);
    }

    /** The media type without parameters, lower case, or "" when absent. */
    public String mediaType() {
        String type = header("Content-Type");
        if (type == null) {
            return "";
        }
        int semi = type.indexOf(';');
        return (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
    }
}
