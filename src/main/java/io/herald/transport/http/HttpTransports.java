package io.herald.transport.http;

import io.herald.config.TransportsConfig;
import io.herald.http.ApiResponse;
import io.herald.hub.ClientSession;
import io.herald.hub.DaemonThreads;
import io.herald.hub.ErrorCode;
import io.herald.hub.Frame;
import io.herald.hub.Hub;
import io.herald.protocol.BinaryFrames;
import io.herald.protocol.Command;
import io.herald.protocol.CommandParser;
import io.herald.security.HandshakeGate;
import io.herald.websocket.CommandDispatcher;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The HTTP transports of one hub, independent of the container: opens HTTP-streaming and SSE streams
 * as hub connections, and runs the commands that clients POST to the emulation endpoint on the
 * connection their session id names (docs/protocol.md, "HTTP transports").
 *
 * <p>A stream's session id is a random 128-bit secret, sent only to that stream's client; it is not
 * the client id that presence shows to others, so no one else can send commands in its name.
 * Thread-safe.
 */
public final class HttpTransports implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HttpTransports.class.getName());
    /** A session id: the holding node's id (8 hex digits), '.', 16 random bytes in base64url without padding. */
    static final int SESSION_CHARS = 8 + 1 + 22;
    /** Room for newlines between commands and a few extra bytes beside the largest command. */
    private static final int BODY_SLACK = 4096;

    private final Hub hub;
    private final TransportsConfig config;
    private final HandshakeGate gate;
    private final CommandParser parser = new CommandParser();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final DaemonThreads threads = DaemonThreads.named("herald-http-streams");
    private final ScheduledThreadPoolExecutor timer;
    private volatile Forwarder forwarder = Forwarder.NONE;

    /**
     * One open stream: its transport, the hub's session and that connection's dispatcher (one per
     * connection, as for a WebSocket: with a connect proxy it keeps the connection's commands in order),
     * and the positions a reconnected EventSource resumes once its {@code connect} ran ({@link SseResume}).
     */
    record Stream(HttpStreamTransport transport, ClientSession client, CommandDispatcher dispatcher,
                  AtomicReference<SseResume> resume) {
    }

    public HttpTransports(Hub hub, TransportsConfig config, HandshakeGate gate) {
        this.hub = hub;
        this.config = config;
        this.gate = gate;
        this.timer = new ScheduledThreadPoolExecutor(1, threads);
        timer.setRemoveOnCancelPolicy(true);
        long every = config.keepAlive().toMillis();
        timer.scheduleWithFixedDelay(this::keepAlive, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Writes a keep-alive on every stream. Besides keeping proxies from timing the stream out, it is how
     * a server learns that a client went away: a container does not read a request that is still being
     * answered, so only a failing write reveals the closed connection.
     */
    private void keepAlive() {
        for (Stream stream : streams.values()) {
            stream.client().send(HttpStreamTransport.KEEP_ALIVE);
        }
    }

    public TransportsConfig config() {
        return config;
    }

    /** Where emulation requests for sessions held by other nodes go (a cluster); none by default. */
    public void forwardWith(Forwarder forwarder) {
        this.forwarder = forwarder;
    }

    /**
     * The client address of a stream request from {@code peer}: the forwarded one when the peer is a
     * trusted proxy ({@code security.trustedProxies}), else the peer, as for a WebSocket handshake.
     */
    String clientAddress(String peer, Function<String, String> header) {
        return gate.clientAddress(peer, header);
    }

    /**
     * Checks a stream request before anything is written: origin and new-connection rate (as for a
     * WebSocket handshake), then the per-address stream limit.
     *
     * @return the refusal to answer with, or null to go on with {@link #open}
     */
    ApiResponse admit(StreamRequest request) {
        HandshakeGate.Verdict verdict = gate.check(request.origin(), request.host(), request.secure(),
                request.remoteAddress());
        if (verdict == HandshakeGate.Verdict.FORBIDDEN_ORIGIN) {
            return new ApiResponse(403, "{\"error\":{\"code\":\"forbidden\",\"message\":\"origin not allowed\"}}");
        }
        if (verdict != HandshakeGate.Verdict.ALLOW) {
            return ApiResponse.error(ErrorCode.LIMIT_EXCEEDED, verdict.reason());
        }
        int max = config.maxStreamsPerAddress();
        if (max > 0 && count(request.remoteAddress()).get() >= max) {
            return ApiResponse.error(ErrorCode.LIMIT_EXCEEDED, "too many open streams from this address");
        }
        return null;
    }

    /**
     * Opens an admitted stream as a hub connection. The stream starts with a {@code session} message
     * naming the session id for the emulation endpoint; the carried {@code connect} runs at once.
     */
    void open(StreamKind kind, StreamRequest request, StreamSink sink) {
        String session = newSessionId();
        AtomicInteger fromAddress = count(request.remoteAddress());
        fromAddress.incrementAndGet();
        ClientSession[] client = new ClientSession[1];
        HttpStreamTransport transport = new HttpStreamTransport(kind, sink, session, request.remoteAddress(), timer,
                code -> ended(session, client[0], code, request.remoteAddress()));
        client[0] = hub.open(transport);
        if (client[0].state() == ClientSession.State.CLOSED) {
            return; // refused by the hub (node full, shutting down): the transport is closing
        }
        SseResume resume = kind == StreamKind.SSE ? SseResume.from(request.lastEventId()) : null;
        Stream stream = new Stream(transport, client[0], new CommandDispatcher(hub, request.headers()),
                new AtomicReference<>(resume));
        streams.put(session, stream);
        // the page may POST its next command as soon as it reads the session id, before the carried connect has
        // run on this thread: holding the stream until then keeps commands in the order a WebSocket would, and
        // spares the page a not_connected for a subscribe it sent after its connect
        synchronized (stream) {
            client[0].send(new Frame.Text("{\"type\":\"session\",\"session\":\"" + session + "\",\"transport\":\""
                    + kind.wireName() + "\"}"));
            if (request.connect() != null && !request.connect().isBlank()) {
                run(stream, request.connect());
            }
        }
    }

    private void ended(String session, ClientSession client, int code, String address) {
        streams.remove(session);
        perAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        if (client != null) {
            hub.closed(client, code);
        }
    }

    private AtomicInteger count(String address) {
        return perAddress.computeIfAbsent(address == null ? "" : address, a -> new AtomicInteger());
    }

    private String newSessionId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return hub.nodeId() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The node holding a (valid) session id's stream. */
    static String nodeOf(String session) {
        return session.substring(0, 8);
    }

    /** The largest emulation body accepted; adapters refuse bigger ones (413) without reading them whole. */
    public int maxBodyBytes() {
        return hub.config().limits().maxMessageBytes() + BODY_SLACK;
    }

    /**
     * Runs the commands of one emulation {@code POST} on the session it names. Replies travel on that
     * session's stream, so the answer is only {@code 204} (accepted) or an error.
     *
     * @param binary whether the body is one binary publish frame ({@code application/octet-stream})
     *               rather than newline-separated JSON commands
     */
    public ApiResponse emulate(String session, boolean binary, byte[] body, boolean tooLarge) {
        if (tooLarge) {
            return ApiResponse.error(ErrorCode.MESSAGE_TOO_LARGE, "body larger than " + maxBodyBytes() + " bytes");
        }
        if (!validSessionId(session)) {
            return ApiResponse.error(ErrorCode.BAD_REQUEST, "session must be the id the stream announced");
        }
        Stream stream = streams.get(session);
        if (stream != null) {
            return runLocal(stream, binary, body);
        }
        if (nodeOf(session).equals(hub.nodeId())) {
            return Forwarder.NONE.forward(session, binary, body);
        }
        return forwarder.forward(session, binary, body);
    }

    /**
     * Runs an emulation request another node forwarded (see {@link BusForwarder}).
     *
     * @return the HTTP status for the client: 204, 404 (no such session here) or 413
     */
    int runForwarded(String session, boolean binary, byte[] body) {
        Stream stream = validSessionId(session) ? streams.get(session) : null;
        return stream == null ? 404 : runLocal(stream, binary, body).status();
    }

    /** Runs emulated commands on a session of this node (also for requests forwarded from other nodes). */
    ApiResponse runLocal(Stream stream, boolean binary, byte[] body) {
        hub.stats().countBytesIn(stream.transport().kind(), body.length);
        if (binary) {
            if (body.length > hub.config().limits().maxMessageBytes()) {
                return tooLarge();
            }
            synchronized (stream) {
                stream.dispatcher().dispatch(stream.client(), BinaryFrames.decode(ByteBuffer.wrap(body)));
            }
            return new ApiResponse(204, "");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (line.getBytes(StandardCharsets.UTF_8).length > hub.config().limits().maxMessageBytes()) {
                return tooLarge();
            }
        }
        synchronized (stream) { // after the stream's carried connect (see open), and one POST's commands in a row
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    run(stream, line);
                }
            }
        }
        return new ApiResponse(204, "");
    }

    /** The stream of a session id on this node, or null. */
    Stream stream(String session) {
        return session == null ? null : streams.get(session);
    }

    private ApiResponse tooLarge() {
        hub.stats().countError(ErrorCode.MESSAGE_TOO_LARGE);
        return ApiResponse.error(ErrorCode.MESSAGE_TOO_LARGE,
                "command larger than " + hub.config().limits().maxMessageBytes() + " bytes");
    }

    private void run(Stream stream, String json) {
        Command command = parser.parse(json);
        SsePositions positions = stream.transport().positions();
        if (positions != null && command instanceof Command.Subscribe c) {
            positions.expect(c.id(), c.channel(), true);
        } else if (positions != null && command instanceof Command.Unsubscribe c) {
            positions.expect(c.id(), c.channel(), false);
        }
        stream.dispatcher().dispatch(stream.client(), command);
        if (command instanceof Command.Connect) {
            SseResume resume = stream.resume().getAndSet(null);
            if (resume != null) {
                resume.run(stream.client(), stream.dispatcher(), positions);
            }
        }
    }

    static boolean validSessionId(String session) {
        if (session == null || session.length() != SESSION_CHARS || session.charAt(8) != '.') {
            return false;
        }
        for (int i = 0; i < session.length(); i++) {
            char c = session.charAt(i);
            boolean ok = i < 8 ? c >= '0' && c <= '9' || c >= 'a' && c <= 'f'
                    : i == 8 || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Stops the close timer. Streams end with their hub's connections (the hub closes them). */
    @Override
    public void close() {
        // a container checks for the application's threads right after the undeploy: be gone by then
        threads.stop(timer, Duration.ofSeconds(5));
        LOG.log(System.Logger.Level.DEBUG, "HTTP transports stopped");
    }
}
