package io.herald.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A protocol v1 test client over Herald's HTTP transports: reads an HTTP-streaming ({@code /stream},
 * newline-delimited JSON) or SSE ({@code /sse}) response on its own thread, and sends commands as
 * emulation {@code POST}s naming the stream's session. Mirrors {@link WsTestClient}'s waits.
 */
public final class HttpStreamClient implements AutoCloseable {
    public static final Duration WAIT = WsTestClient.WAIT;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Which HTTP transport a client uses; the path below the application root. */
    public enum Kind {
        HTTP_STREAM("/stream"), SSE("/sse");

        final String path;

        Kind(String path) {
            this.path = path;
        }
    }

    private final Kind kind;
    private final URI base;
    private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    private final List<JsonObject> seen = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final List<String> eventIds = new ArrayList<>();
    private volatile InputStream body;
    private volatile Socket socket;
    private volatile String session;
    /** Where emulation POSTs go; another node's base URI in cluster tests. */
    private volatile URI emulationBase;
    private volatile int status;

    private HttpStreamClient(Kind kind, URI base) {
        this.kind = kind;
        this.base = base;
        this.emulationBase = base;
    }

    /**
     * Opens a stream carrying {@code connect} and waits for its {@code session} message.
     *
     * @param base the application root, e.g. {@code http://127.0.0.1:8080/herald}
     */
    public static HttpStreamClient open(Kind kind, URI base, String connectJson, java.util.Map<String, String> headers)
            throws Exception {
        HttpStreamClient client = new HttpStreamClient(kind, base);
        client.start(connectJson, headers);
        return client;
    }

    /** Opens a stream and connects (anonymous, with {@code name}), waiting for the connect result. */
    public static HttpStreamClient connected(Kind kind, URI base, String name) throws Exception {
        HttpStreamClient client = open(kind, base, "{\"id\":1,\"type\":\"connect\",\"name\":\"" + name + "\"}",
                java.util.Map.of());
        client.ids.set(1);
        JsonObject reply = client.awaitReply(1);
        if (!reply.containsKey("result")) {
            client.close();
            throw new AssertionError("connect refused: " + reply);
        }
        return client;
    }

    /**
     * The stream runs over a plain socket (HTTP/1.1, chunked body decoded here), so that closing the
     * client really closes the connection, as a page that goes away does.
     */
    private void start(String connectJson, java.util.Map<String, String> headers) throws Exception {
        boolean post = kind == Kind.HTTP_STREAM && connectJson != null;
        String query = post || connectJson == null ? "" : "?connect=" + URLEncoder.encode(connectJson, StandardCharsets.UTF_8);
        byte[] payload = post ? connectJson.getBytes(StandardCharsets.UTF_8) : new byte[0];
        StringBuilder head = new StringBuilder();
        head.append(post ? "POST " : "GET ").append(base.getRawPath()).append(kind.path).append(query)
                .append(" HTTP/1.1\r\nHost: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
        if (post) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(payload.length).append("\r\n");
        }
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        socket = new Socket();
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
        socket.setSoTimeout((int) WAIT.toMillis() * 3);
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        out.write(payload);
        out.flush();
        body = new BufferedInputStream(socket.getInputStream());
        String statusLine = line(body);
        status = Integer.parseInt(statusLine.split(" ")[1]);
        boolean chunked = false;
        for (String h = line(body); !h.isEmpty(); h = line(body)) {
            chunked |= h.toLowerCase(java.util.Locale.ROOT).startsWith("transfer-encoding:") && h.toLowerCase(java.util.Locale.ROOT).contains("chunked");
        }
        if (chunked) {
            body = new Chunked(body);
        }
        Thread reader = new Thread(this::read, "http-stream-client");
        reader.setDaemon(true);
        reader.start();
        if (status == 200) {
            JsonObject hello = await(m -> "session".equals(m.getString("type", null)), "session message");
            session = hello.getString("session");
        }
    }

    private static String line(InputStream in) throws java.io.IOException {
        StringBuilder out = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                out.append((char) b);
            }
        }
        return out.toString();
    }

    /** Decodes a chunked body; ends at the last chunk. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private int left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws java.io.IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line(in);
                if (size.isEmpty()) {
                    size = line(in); // the CRLF after the previous chunk
                }
                left = size.isEmpty() ? 0 : Integer.parseInt(size.split(";")[0].trim(), 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (kind == Kind.SSE && status == 200) {
                    if (line.startsWith("id: ")) {
                        synchronized (eventIds) {
                            eventIds.add(line.substring(4));
                        }
                    } else if (line.startsWith("data: ")) {
                        messages.add(parse(line.substring(6)));
                    }
                } else if (!line.isBlank()) {
                    messages.add(parse(line));
                }
            }
        } catch (Exception e) {
            // the stream broke: same as its end for the tests
        } finally {
            ended.complete(null);
        }
    }

    private static JsonObject parse(String json) {
        if (json.startsWith("{")) {
            return Json.createReader(new StringReader(json)).readObject();
        }
        return Json.createObjectBuilder().add("error", Json.createObjectBuilder().add("code", "not_json")
                .add("message", json)).build(); // an error page where a stream was expected
    }

    /** The HTTP status the stream request got (200, or the refusal's). */
    public int status() {
        return status;
    }

    public String session() {
        return session;
    }

    /** SSE event ids seen so far, in order. */
    public List<String> eventIds() {
        synchronized (eventIds) {
            return List.copyOf(eventIds);
        }
    }

    /** Sends later commands to another node (cluster tests: the stream stays where it is). */
    public void emulateVia(URI otherBase) {
        emulationBase = otherBase;
    }

    /** POSTs raw commands (newline-separated) for this stream's session; returns the response. */
    public HttpResponse<String> post(String body) throws Exception {
        return postAs(session, "text/plain", HttpRequest.BodyPublishers.ofString(body));
    }

    public HttpResponse<String> postBinary(byte[] frame) throws Exception {
        return postAs(session, "application/octet-stream", HttpRequest.BodyPublishers.ofByteArray(frame));
    }

    /** POSTs to the emulation endpoint under any session id (hostile-input tests). */
    public static HttpResponse<String> emulate(URI base, String session, String contentType,
                                               HttpRequest.BodyPublisher body) throws Exception {
        String query = session == null ? "" : "?session=" + URLEncoder.encode(session, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/emulation" + query))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", contentType).POST(body).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postAs(String id, String contentType, HttpRequest.BodyPublisher body) throws Exception {
        return emulate(emulationBase, id, contentType, body);
    }

    public long nextId() {
        return ids.incrementAndGet();
    }

    /** Sends {@code {"id":N,"type":type<extraFields>}} and waits for the reply on the stream. */
    public JsonObject request(String type, String extraFields) throws Exception {
        long id = nextId();
        HttpResponse<String> r = post("{\"id\":" + id + ",\"type\":\"" + type + "\"" + extraFields + "}");
        if (r.statusCode() != 204) {
            throw new AssertionError("emulation POST refused: " + r.statusCode() + " " + r.body());
        }
        return awaitReply(id);
    }

    public JsonObject result(String type, String extraFields) throws Exception {
        JsonObject reply = request(type, extraFields);
        if (!reply.containsKey("result")) {
            throw new AssertionError("expected a result for " + type + ", got " + reply);
        }
        return reply.getJsonObject("result");
    }

    public JsonObject awaitReply(long id) throws InterruptedException {
        return await(m -> m.containsKey("id") && m.getJsonNumber("id").longValue() == id, "reply to id " + id);
    }

    public JsonObject awaitPush(String type, String channel) throws InterruptedException {
        return await(m -> type.equals(m.getString("type", null))
                && (channel == null || channel.equals(m.getString("channel", null))), type + " on " + channel);
    }

    /** Waits for the next message matching {@code predicate}; earlier non-matching ones are kept. */
    public JsonObject await(Predicate<JsonObject> predicate, String what) throws InterruptedException {
        synchronized (seen) {
            for (int i = 0; i < seen.size(); i++) {
                if (predicate.test(seen.get(i))) {
                    return seen.remove(i);
                }
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject next = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("timed out after " + WAIT + " waiting for " + what + "; unmatched: " + seen);
            }
            if (predicate.test(next)) {
                return next;
            }
            synchronized (seen) {
                seen.add(next);
            }
        }
    }

    /** Waits for the stream to end (the server closed it or the connection broke). */
    public void awaitEnd(Duration wait) throws Exception {
        ended.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Cuts the stream from the client side, as a dropped connection would. Idempotent. */
    @Override
    public void close() throws Exception {
        Socket s = socket;
        if (s != null) {
            s.close();
        }
    }
}
