package io.herald.transport.http;

import io.herald.http.ApiResponse;
import io.herald.http.RequestBody;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Servlet adapter of the HTTP transports (Tomcat, GlassFish): presents each request to the
 * {@link StreamEndpoint}; streams become async responses with non-blocking writes
 * ({@link ServletStreamSink}). Must be registered with async support, as must every filter in front of it.
 */
public final class StreamServlet extends HttpServlet {
    private final transient StreamEndpoint endpoint;

    public StreamServlet(HttpTransports transports) {
        this.endpoint = new StreamEndpoint(transports);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        endpoint.service(request.getServletPath(), new Exchange(request, response));
    }

    private record Exchange(HttpServletRequest request, HttpServletResponse response) implements StreamExchange {
        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String header(String name) {
            return request.getHeader(name);
        }

        @Override
        public Map<String, List<String>> headers() {
            Map<String, List<String>> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String name : Collections.list(request.getHeaderNames())) {
                all.put(name, new ArrayList<>(Collections.list(request.getHeaders(name))));
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
                return;
            }
            byte[] bytes = api.json().getBytes(StandardCharsets.UTF_8);
            response.setContentType("application/json");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }

        @Override
        public StreamSink stream(String contentType) throws IOException {
            response.setStatus(200);
            response.setContentType(contentType);
            StreamHeaders.apply(response::setHeader);
            AsyncContext async = request.startAsync();
            async.setTimeout(0); // the hub's heartbeat and idle timeout bound a stream's life, not the container
            return new ServletStreamSink(async);
        }
    }
}
