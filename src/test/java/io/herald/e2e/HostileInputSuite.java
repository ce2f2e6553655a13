package io.herald.e2e;

import io.herald.testing.RawWebSocket;
import io.herald.testing.WsTestClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input over the protocol and the HTTP API, written once and run against every
 * {@link HeraldTarget} (configured with {@code e2e-config.json}). Every input gets its documented
 * answer (error code, HTTP status or close code); after each group a bystander still receives
 * publications. Counts per group are printed at the end for reports.
 */
public abstract class HostileInputSuite {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Map<String, int[]> COUNTS = new TreeMap<>();

    protected abstract HeraldTarget target();

    /**
     * The close code a flood of WebSocket ping frames ends with on this target, or 0 when the target
     * answers pings without counting them (Tomcat, GlassFish: the container's WebSocket layer answers
     * pings before any application code; the flooder is then only slowed by TCP back-pressure).
     */
    protected int pingFloodCloseCode() {
        return 0;
    }

    /**
     * How a request whose body stops before its Content-Length ends: {@code "400"} when the target
     * answers it as a bad request, {@code "dropped"} when it closes the connection without an answer.
     *
     * @param halfClosed whether the client shut its sending side down (else it keeps the socket open and
     *                   the target's read timeout ends the body)
     */
    protected String truncatedBodyOutcome(boolean halfClosed) {
        return "400";
    }

    @AfterAll
    static void report() {
        COUNTS.forEach((group, c) -> System.out.println("hostile " + group + ": " + c[0] + " cases, " + c[1] + " as documented"));
        COUNTS.clear();
    }

    private void count(String group, boolean asDocumented) {
        int[] c = COUNTS.computeIfAbsent(target().name() + " " + group, g -> new int[2]);
        c[0]++;
        if (asDocumented) {
            c[1]++;
        }
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private WsTestClient client(String name) throws Exception {
        return WsTestClient.connected(target().wsUri(), name);
    }

    private HttpResponse<String> api(String method, String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(target().httpUri(path)).timeout(WAIT)
                .header("Authorization", "Bearer " + HeraldTarget.API_KEY);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A bystander subscribed before the hostile input still gets a publication afterwards. */
    private void assertBystanderReceives(WsTestClient bystander, String channel) throws Exception {
        HttpResponse<String> r = api("POST", "/api/publish", "application/json",
                ("{\"channel\":\"" + channel + "\",\"data\":\"still here\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("still here", bystander.awaitPush("pub", channel).getString("data"));
    }

    /** Sends a raw text message and returns the error code of its reply (matched by id, or the next id-less error). */
    private static String errorFor(WsTestClient c, String text, long id) throws Exception {
        c.sendText(text);
        JsonObject reply = id > 0 ? c.awaitReply(id)
                : c.await(m -> m.containsKey("error") && !m.containsKey("id"), "error for " + abbreviate(text));
        assertTrue(reply.containsKey("error"), abbreviate(text) + " -> " + reply);
        return reply.getJsonObject("error").getString("code");
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...(" + s.length() + " chars)";
    }

    // ---- JSON structure --------------------------------------------------------------------------------

    @Test
    void deeplyNestedAndHugeJsonGetsBadRequest() throws Exception {
        String channel = unique("news-");
        try (WsTestClient bystander = client("by"); WsTestClient c = client("c")) {
            bystander.result("subscribe", ",\"channel\":\"" + channel + "\"");
            // refused text whose id can still be read first is answered with that id (the client's promise settles)
            Map<String, Long> inputs = new LinkedHashMap<>();
            inputs.put("[".repeat(20_000) + "]".repeat(20_000), 0L);
            inputs.put("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000), 0L);
            inputs.put("{\"id\":101,\"type\":\"publish\",\"channel\":\"open:x\",\"data\":" + "[".repeat(100) + "]".repeat(100) + "}", 101L);
            inputs.put("{\"id\":102,\"type\":\"ping\",\"pad\":[" + "1,".repeat(20_000) + "1]", 102L);
            inputs.put("{\"id\":103,\"id\":2,\"type\":\"ping\"}", 103L);
            inputs.put("{\"id\":104,\"type\":\"ping\"} trailing", 104L);
            for (String other : List.of("", " ", "null", "true", "\"string\"", "12345", "{", "}", "\u0000\u0001\u0002",
                    "\ufeff{\"id\":1,\"type\":\"ping\"}")) {
                inputs.put(other, 0L);
            }
            inputs.put("{\"id\":105,\"type\":\"ping\"", 105L);
            for (Map.Entry<String, Long> entry : inputs.entrySet()) {
                String input = entry.getKey();
                String code = errorFor(c, input, entry.getValue());
                count("json structure", "bad_request".equals(code));
                assertEquals("bad_request", code, abbreviate(input));
            }
            assertTrue(c.result("ping", "").isEmpty(), "the connection is still usable");
            assertBystanderReceives(bystander, channel);
        }
    }

    // ---- numbers and strings ---------------------------------------------------------------------------

    @Test
    void giantNumbersAndStringsGetTheirDocumentedErrors() throws Exception {
        String channel = unique("news-");
        try (WsTestClient bystander = client("by"); WsTestClient c = client("c")) {
            bystander.result("subscribe", ",\"channel\":\"" + channel + "\"");
            String[] badIds = {"1e400", "99999999999999999999999", "9007199254740992", "-1", "0", "1.5", "\"7\"",
                    "true", "null", "[]", "{}", "1e2", "-0"};
            for (String id : badIds) {
                String code = errorFor(c, "{\"id\":" + id + ",\"type\":\"ping\"}", 0);
                count("numbers", "bad_request".equals(code));
                assertEquals("bad_request", code, "id " + id);
            }
            String[][] fields = {
                    {"history", ",\"channel\":\"" + channel + "\",\"limit\":1e309"},
                    {"history", ",\"channel\":\"" + channel + "\",\"limit\":99999999999"},
                    {"history", ",\"channel\":\"" + channel + "\",\"limit\":-5"},
                    {"history", ",\"channel\":\"" + channel + "\",\"limit\":2.5"},
                    {"subscribe", ",\"channel\":\"a\",\"since\":{\"offset\":1e30,\"epoch\":\"e\"}"},
                    {"subscribe", ",\"channel\":\"a\",\"since\":{\"offset\":-5,\"epoch\":\"e\"}"},
                    {"subscribe", ",\"channel\":\"a\",\"since\":{\"offset\":99999999999999999999,\"epoch\":\"e\"}"},
                    {"subscribe", ",\"channel\":\"" + "c".repeat(50_000) + "\""},
                    {"publish", ",\"channel\":\"open:" + "c".repeat(300) + "\",\"data\":1"},
            };
            long id = 1000;
            for (String[] f : fields) {
                String code = errorFor(c, "{\"id\":" + (++id) + ",\"type\":\"" + f[0] + "\"" + f[1] + "}", id);
                count("numbers", "bad_request".equals(code));
                assertEquals("bad_request", code, f[0] + f[1].substring(0, Math.min(60, f[1].length())));
            }
            assertBystanderReceives(bystander, channel);
        }
    }

    @Test
    void overlongDisplayNameIsRefused() throws Exception {
        try (WsTestClient c = WsTestClient.open(target().wsUri())) {
            String code = errorFor(c, "{\"id\":1,\"type\":\"connect\",\"name\":\"" + "n".repeat(10_000) + "\"}", 1);
            count("strings", "bad_request".equals(code));
            assertEquals("bad_request", code);
            assertTrue(c.result("connect", ",\"name\":\"Ann\"").containsKey("client"));
        }
    }

    @Test
    void loneSurrogatesInDataNeverBreakDeliveryToOthers() throws Exception {
        String channel = unique("open:s");
        try (WsTestClient sender = client("s"); WsTestClient receiver = client("r")) {
            receiver.result("subscribe", ",\"channel\":\"" + channel + "\"");
            sender.result("publish", ",\"channel\":\"" + channel + "\",\"data\":\"\\ud800 and \\udfff\"");
            JsonObject pub = receiver.awaitPush("pub", channel);
            boolean unchanged = "\ud800 and \udfff".equals(pub.getString("data", null));
            count("strings", unchanged);
            assertTrue(unchanged, "the lone surrogates arrive as sent (re-escaped on the wire): " + pub);
            sender.result("publish", ",\"channel\":\"" + channel + "\",\"data\":\"after\"");
            assertEquals("after", receiver.awaitPush("pub", channel).getString("data"));
        }
    }

    // ---- wrong types -----------------------------------------------------------------------------------

    @Test
    void wrongTypesInEveryFieldGetBadRequest() throws Exception {
        String channel = unique("news-");
        try (WsTestClient bystander = client("by"); WsTestClient c = client("c")) {
            bystander.result("subscribe", ",\"channel\":\"" + channel + "\"");
            String[] wrongValues = {"5", "true", "null", "[]", "{}", "\"\"", "1.5"};
            String[][] shapes = {
                    {"subscribe", "channel"}, {"unsubscribe", "channel"}, {"publish", "channel"},
                    {"presence", "channel"}, {"history", "channel"}, {"history", "limit"},
                    {"subscribe", "since"}, {"history", "since"}, {"subscribe", "token"}, {"refresh", "token"},
                    {"connect", "token"}, {"connect", "name"}, {"connect", "version"}, {"type", "type"},
            };
            long id = 2000;
            int asked = 0; // stays below e2e-config's command burst (100), so no refusal for rate
            for (String[] shape : shapes) {
                for (String value : wrongValues) {
                    boolean optionalNull = "null".equals(value) && List.of("limit", "since", "token", "name", "version").contains(shape[1]);
                    boolean emptyIsAllowed = "\"\"".equals(value) && List.of("token", "name", "version").contains(shape[1])
                            && !"refresh".equals(shape[0]);
                    boolean validLimit = "5".equals(value) && "limit".equals(shape[1]);
                    if (optionalNull || emptyIsAllowed || validLimit) {
                        continue; // these are legal values
                    }
                    String command = "type".equals(shape[0])
                            ? "{\"id\":" + (++id) + ",\"type\":" + value + "}"
                            : "{\"id\":" + (++id) + ",\"type\":\"" + shape[0] + "\",\"channel\":\"" + channel + "\",\""
                            + shape[1] + "\":" + value + ",\"data\":1}";
                    if ("channel".equals(shape[1])) {
                        command = "{\"id\":" + id + ",\"type\":\"" + shape[0] + "\",\"channel\":" + value + ",\"data\":1}";
                    }
                    String code;
                    if ("connect".equals(shape[0])) {
                        // judged on a client that has not connected yet (else: already_connected); a fresh
                        // one each time, so none waits long enough for the connect timeout
                        try (WsTestClient fresh = WsTestClient.open(target().wsUri())) {
                            code = errorFor(fresh, command, id);
                            if (asked % 5 == 0) {
                                assertTrue(fresh.result("connect", "").containsKey("client"), "a refused connect leaves the client able to connect");
                            }
                        }
                    } else {
                        code = errorFor(c, command, id);
                    }
                    count("wrong types", "bad_request".equals(code));
                    assertEquals("bad_request", code, command);
                    asked++;
                }
            }
            assertTrue(asked < 100, "keep this test under the command burst: " + asked);
            assertBystanderReceives(bystander, channel);
        }
    }

    @Test
    void unknownCommandsGetBadRequest() throws Exception {
        try (WsTestClient c = client("c")) {
            long id = 3000;
            for (String type : new String[]{"launch", "", "CONNECT", "Subscribe", "ping ", "__proto__", "constructor",
                    "x".repeat(1000), "pong\u0000"}) {
                String code = errorFor(c, "{\"id\":" + (++id) + ",\"type\":" + Json.createValue(type) + "}", id);
                count("unknown commands", "bad_request".equals(code));
                assertEquals("bad_request", code, type);
            }
        }
    }

    // ---- floods ----------------------------------------------------------------------------------------

    @Test
    void floodOfTinyFramesIsCutOffWhileOthersCarryOn() throws Exception {
        String channel = unique("news-");
        try (WsTestClient bystander = client("by");
             RawWebSocket flooder = RawWebSocket.connect(target().wsUri(), Map.of())) {
            bystander.result("subscribe", ",\"channel\":\"" + channel + "\"");
            flooder.sendText("{\"id\":1,\"type\":\"connect\"}");
            byte[] burst = new byte[0];
            java.io.ByteArrayOutputStream frames = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 5000; i++) {
                frames.write(RawFrameConformance.frame(0x81, "{}".getBytes(StandardCharsets.UTF_8)));
            }
            burst = frames.toByteArray();
            int code = flooder.sendAllWhileAwaitingClose(java.util.List.of(burst), Duration.ofSeconds(20));
            count("floods", code == 4007 || code == 4001);
            assertTrue(code == 4007 || code == 4001, "flood of 5000 tiny frames ended with " + code);
            assertBystanderReceives(bystander, channel);
        }
    }

    @Test
    void floodOfPingControlFramesIsAnsweredAsDocumentedWhileOthersCarryOn() throws Exception {
        String channel = unique("news-");
        try (WsTestClient bystander = client("by");
             RawWebSocket flooder = RawWebSocket.connect(target().wsUri(), Map.of(), 4096)) {
            bystander.result("subscribe", ",\"channel\":\"" + channel + "\"");
            flooder.sendText("{\"id\":1,\"type\":\"connect\"}");
            java.io.ByteArrayOutputStream frames = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 2000; i++) {
                frames.write(RawFrameConformance.frame(0x89, new byte[125]));
            }
            byte[] burst = frames.toByteArray();
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < 10; i++) { // ~2.6 MB of pings
                        flooder.sendRaw(burst);
                    }
                    flooder.sendText("{\"id\":2,\"type\":\"ping\"}");
                } catch (IOException e) {
                    // closed by the server: what happened is read below
                }
            }, "ping-flooder");
            sender.start();
            String outcome = floodOutcome(flooder);
            sender.join(WAIT.toMillis());
            String expected = pingFloodCloseCode() == 0 ? "served" : "close " + pingFloodCloseCode();
            count("floods", expected.equals(outcome));
            assertEquals(expected, outcome, "what the ping flooder got");
            assertBystanderReceives(bystander, channel);
        }
    }

    /** Reads the flooder's side: "close N", "served" (the command after the flood was answered) or "dropped". */
    private static String floodOutcome(RawWebSocket flooder) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int pongs = 0;
        while (System.nanoTime() < deadline) {
            RawWebSocket.Frame f;
            try {
                f = flooder.readFrame(Duration.ofSeconds(30));
            } catch (java.io.EOFException | java.net.SocketException e) {
                return "dropped after " + pongs + " pongs";
            }
            if (f.opcode() == 0x8) {
                return "close " + f.closeCode();
            }
            if (f.opcode() == 0xA) {
                pongs++;
            } else if (f.opcode() == 0x1 && f.text().contains("\"id\":2")) {
                return "served";
            }
        }
        throw new AssertionError("the ping flood had no outcome within 60 s");
    }

    // ---- fragments -------------------------------------------------------------------------------------

    @Test
    void fragmentedMessageBeyondTheSizeLimitIsClosedWith1009() throws Exception {
        try (WsTestClient bystander = client("by"); RawWebSocket ws = RawWebSocket.connect(target().wsUri(), Map.of())) {
            ws.sendText("{\"id\":1,\"type\":\"connect\"}");
            ws.sendRaw(RawFrameConformance.frame(0x01, "{\"id\":2,\"type\":\"ping\",\"pad\":\"".getBytes(StandardCharsets.UTF_8)));
            byte[] chunk = RawFrameConformance.frame(0x00, "x".repeat(8000).getBytes(StandardCharsets.UTF_8));
            // 320 KB, never final; read while sending: the server stops reading once past the limit
            int code = ws.sendAllWhileAwaitingClose(java.util.Collections.nCopies(40, chunk), WAIT);
            count("fragments", code == 1009);
            assertEquals(1009, code);
            assertTrue(bystander.result("ping", "").isEmpty());
        }
    }

    @Test
    void fragmentedMessageThatNeverEndsIsClosedByTheConnectTimeout() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(target().wsUri(), Map.of())) {
            ws.sendRaw(RawFrameConformance.frame(0x01, "{\"id\":1,".getBytes(StandardCharsets.UTF_8)));
            int code = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            try {
                while (System.nanoTime() < deadline && code == 0) {
                    ws.sendRaw(RawFrameConformance.frame(0x00, " ".getBytes(StandardCharsets.UTF_8)));
                    try {
                        RawWebSocket.Frame f = ws.readFrame(Duration.ofMillis(500));
                        if (f.opcode() == 0x8) {
                            code = f.closeCode();
                        }
                    } catch (java.net.SocketTimeoutException e) {
                        // keep trickling
                    }
                }
            } catch (IOException e) {
                code = 1006;
            }
            count("fragments", code == 4003);
            assertEquals(4003, code, "a message that never completes is no connect command");
        }
    }

    // ---- binary garbage --------------------------------------------------------------------------------

    @Test
    void binaryGarbageGetsBadRequest() throws Exception {
        String channel = unique("news-");
        try (WsTestClient bystander = client("by"); WsTestClient c = client("c")) {
            bystander.result("subscribe", ",\"channel\":\"" + channel + "\"");
            Random random = new Random(42);
            for (int i = 0; i < 40; i++) {
                byte[] garbage = new byte[1 + random.nextInt(300)];
                random.nextBytes(garbage);
                if (garbage[0] == 0x02 && garbage.length > 6) {
                    garbage[0] = 0x03; // keep it garbage: not a publish frame
                }
                c.sendBinary(garbage);
                JsonObject reply = c.await(m -> m.containsKey("error"), "error for binary garbage " + i);
                String code = reply.getJsonObject("error").getString("code");
                count("binary garbage", "bad_request".equals(code));
                assertEquals("bad_request", code);
            }
            byte[][] crafted = {
                    {0x02, 0, 0, 0, 5, (byte) 200, 'a'},                  // channel length beyond the frame
                    {0x02, 0, 0, 0, 6, 2, (byte) 0xc3, (byte) 0x28},     // channel not UTF-8
                    {0x02, 0, 0, 0, 0, 1, 'a'},                           // id 0
                    {0x02, 0, 0, 0, 7, 0},                                // empty channel
            };
            for (byte[] frame : crafted) {
                c.sendBinary(frame);
                JsonObject reply = c.await(m -> m.containsKey("error"), "error for crafted binary");
                count("binary garbage", "bad_request".equals(reply.getJsonObject("error").getString("code")));
                assertEquals("bad_request", reply.getJsonObject("error").getString("code"));
            }
            assertTrue(c.result("ping", "").isEmpty());
            assertBystanderReceives(bystander, channel);
        }
    }

    // ---- HTTP API --------------------------------------------------------------------------------------

    @Test
    void hostileHttpApiBodiesGetTheirStatusCodes() throws Exception {
        byte[] big = ("{\"channel\":\"x\",\"data\":\"" + "y".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        Object[][] cases = {
                {"text/plain", "{\"channel\":\"x\",\"data\":1}".getBytes(StandardCharsets.UTF_8), 415},
                {null, "{\"channel\":\"x\",\"data\":1}".getBytes(StandardCharsets.UTF_8), 415},
                {"application/x-www-form-urlencoded", "channel=x&data=1".getBytes(StandardCharsets.UTF_8), 415},
                {"application/json", big, 413},
                {"application/json", "{\"channel\":\"x\",\"data\":".getBytes(StandardCharsets.UTF_8), 400},
                {"application/json", new byte[]{'{', (byte) 0xff, (byte) 0xfe, '}'}, 400},
                {"application/json", ("[".repeat(10_000) + "]".repeat(10_000)).getBytes(StandardCharsets.UTF_8), 400},
                {"application/json", "{\"channel\":5,\"data\":1}".getBytes(StandardCharsets.UTF_8), 400},
                {"application/json", "{\"channel\":\"bad channel\",\"data\":1}".getBytes(StandardCharsets.UTF_8), 400},
                {"application/json", "[]".getBytes(StandardCharsets.UTF_8), 400},
                {"application/json", new byte[0], 400},
                {"application/json; charset=utf-8", "{\"channel\":\"x\",\"data\":1}".getBytes(StandardCharsets.UTF_8), 200},
        };
        for (Object[] c : cases) {
            HttpResponse<String> r = api("POST", "/api/publish", (String) c[0], (byte[]) c[1]);
            count("http bodies", r.statusCode() == (int) c[2]);
            assertEquals((int) c[2], r.statusCode(), c[0] + " " + abbreviate(new String((byte[]) c[1], StandardCharsets.UTF_8)));
            if (r.statusCode() != 200) {
                assertTrue(r.body().contains("\"error\""), r.body());
            }
        }
        for (String query : List.of("limit=99999999999999999999", "limit=-1", "limit=abc", "since=1", "since=x&epoch=e")) {
            HttpResponse<String> r = api("GET", "/api/history?channel=x&" + query, null, null);
            count("http bodies", r.statusCode() == 400);
            assertEquals(400, r.statusCode(), query);
        }
    }

    /**
     * A body over the limit is answered 413 every time, not only usually: the server closes after a 413,
     * and closing with the client's bytes unread makes the kernel reset the connection, which on
     * standalone destroyed the 413 for about 1 post in 15 before the refused body was drained.
     */
    @Test
    void everyOversizedBodyGetsIts413() throws Exception {
        byte[] big = ("{\"channel\":\"x\",\"data\":\"" + "y".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        int answered = 0;
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> r = api("POST", "/api/publish", "application/json", big);
            assertEquals(413, r.statusCode(), "post " + i);
            assertTrue(r.body().contains("\"error\""), r.body());
            answered++;
        }
        count("http bodies", answered == 40);
    }

    @Test
    void truncatedHttpBodyIsAnsweredAsDocumentedAndNeverHangsTheServer() throws Exception {
        URI uri = target().httpUri("/api/publish");
        for (boolean closeEarly : new boolean[]{true, false}) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
                socket.setSoTimeout(60_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                        + "\r\nAuthorization: Bearer " + HeraldTarget.API_KEY
                        + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"channel\":\"x\",")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (closeEarly) {
                    socket.shutdownOutput();
                }
                // meanwhile the API answers others at once
                long start = System.nanoTime();
                HttpResponse<String> other = api("GET", "/api/info", null, null);
                assertEquals(200, other.statusCode());
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
                // a body that ended early is a bad request; a stalled one ends as the target documents
                String outcome = statusOrDrop(socket.getInputStream());
                String expected = truncatedBodyOutcome(closeEarly);
                count("http truncated", expected.equals(outcome));
                assertEquals(expected, outcome, closeEarly ? "body ended early" : "body stalled");
            }
        }
    }

    /** The status code of the response on {@code in}, or "dropped" when the connection ends without one. */
    private static String statusOrDrop(InputStream in) {
        StringBuilder line = new StringBuilder();
        try {
            for (int b = in.read(); b != -1 && b != '\r' && line.length() < 80; b = in.read()) {
                line.append((char) b);
            }
        } catch (java.net.SocketTimeoutException e) {
            return "no answer within the socket timeout";
        } catch (IOException e) {
            // reset: no answer
        }
        String[] parts = line.toString().split(" ");
        return parts.length >= 2 && parts[0].startsWith("HTTP/") ? parts[1] : line.length() == 0 ? "dropped" : line.toString();
    }
}
