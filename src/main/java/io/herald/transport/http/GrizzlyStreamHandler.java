package io.herald.transport.http;

import io.herald.http.ApiResponse;
import io.herald.http.RequestBody;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Grizzly adapter of the HTTP transports (standalone mode), called by the standalone root handler for
 * {@code /stream}, {@code /sse} and {@code /emulation}: presents each request to the {@link StreamEndpoint};
 * streams become suspended responses written in async mode ({@link GrizzlyStreamSink}).
 */
public final class GrizzlyStreamHandler {
    private final StreamEndpoint endpoint;

    public GrizzlyStreamHandler(HttpTransports transports) {
        this.endpoint = new StreamEndpoint(transports);
    }

    public void service(String path, Request request, Response response) throws IOException {
        endpoint.service(path, new Exchange(request, response));
    }

    private record Exchange(Request request, Response response) implements StreamExchange {
        @Override
        public String method() {
            return request.getMethod().getMethodString();
        }

        @Override
        public String header(String name) {
            return request.getHeader(name);
        }

        @Override
        public Map<String, List<String>> headers() {
            Map<String, List<String>> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String name : request.getHeaderNames()) {
                List<String> values = new ArrayList<>();
                request.getHeaders(name).forEach(values::add);
                all.put(name, values);
            }
            return all;
        }

        @Override
        public String query() {
            return request.getQueryString();
        }

        @Override
        public boolean secure() {
            return request.isSecure();
        }

        @Override
        public String peerAddress() {
            return request.getRemoteAddr();
        }

        @Override
        public RequestBody body(int limit) throws IOException {
            return RequestBody.read(request::getInputStream, request.getContentLengthLong(), limit);
        }

        @Override
        public void respond(ApiResponse api, boolean closeConnection) throws IOException {
            if (closeConnection) {
                response.setHeader("Connection", "close");
            }
            response.setStatus(api.status());
            StreamHeaders.apply(response::setHeader);
            if (api.status() == 204) {
                response.setContentLength(0);
                return;
            }
            byte[] bytes = api.json().getBytes(StandardCharsets.UTF_8);
            response.setContentType("application/json");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }

        @Override
        public StreamSink stream(String contentType) {
            response.setStatus(200);
            response.setContentType(contentType);
            StreamHeaders.apply(response::setHeader);
            return new GrizzlyStreamSink(request, response);
        }
    }
}
