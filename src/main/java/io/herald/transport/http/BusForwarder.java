package io.herald.transport.http;

import io.herald.http.ApiResponse;
import io.herald.hub.ErrorCode;
import io.herald.hub.NodeBus;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * Forwards emulation requests over the cluster's {@link NodeBus} to the node named in the session id,
 * and answers the ones other nodes forward here. Request layout: {@code u8 session length | session |
 * u8 binary (0/1) | body}; reply: the HTTP status as ASCII digits.
 */
public final class BusForwarder implements Forwarder {
    /** How long a node waits for the stream's node to take a forwarded request (then 503 unavailable). */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final NodeBus bus;

    private BusForwarder(NodeBus bus) {
        this.bus = bus;
    }

    /** Makes {@code transports} forward over {@code bus} and serve what other nodes forward. */
    public static void install(HttpTransports transports, NodeBus bus) {
        bus.serve(message -> serve(transports, message));
        transports.forwardWith(new BusForwarder(bus));
    }

    @Override
    public ApiResponse forward(String session, boolean binary, byte[] body) {
        byte[] id = session.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(1 + id.length + 1 + body.length);
        out.put((byte) id.length).put(id).put((byte) (binary ? 1 : 0)).put(body);
        byte[] reply;
        try {
            reply = bus.request(HttpTransports.nodeOf(session), out.array(), TIMEOUT).get();
        } catch (ExecutionException e) {
            return ApiResponse.error(ErrorCode.UNAVAILABLE, "the node holding this session did not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApiResponse.error(ErrorCode.UNAVAILABLE, "interrupted");
        }
        if (reply == null) {
            return NONE.forward(session, binary, body); // that node is gone
        }
        int status = Integer.parseInt(new String(reply, StandardCharsets.US_ASCII));
        return switch (status) {
            case 204 -> new ApiResponse(204, "");
            case 404 -> NONE.forward(session, binary, body);
            case 413 -> ApiResponse.error(ErrorCode.MESSAGE_TOO_LARGE, "command too large");
            default -> ApiResponse.error(ErrorCode.INTERNAL, "forwarded request failed with " + status);
        };
    }

    private static byte[] serve(HttpTransports transports, byte[] message) {
        ByteBuffer in = ByteBuffer.wrap(message);
        byte[] id = new byte[in.get() & 0xff];
        in.get(id);
        boolean binary = in.get() == 1;
        byte[] body = new byte[in.remaining()];
        in.get(body);
        int status = transports.runForwarded(new String(id, StandardCharsets.US_ASCII), binary, body);
        return String.valueOf(status).getBytes(StandardCharsets.US_ASCII);
    }
}
