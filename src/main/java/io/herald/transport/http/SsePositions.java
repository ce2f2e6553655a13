package io.herald.transport.http;

import io.herald.hub.StreamPosition;
import io.herald.protocol.JsonText;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one SSE client holds, followed from the messages as they are written to it (so an event id never
 * claims a message the client has not been sent): the channels it is subscribed to, each with its epoch
 * and the offset of the last publication written in sequence. Its {@link SseEventId} is the stream's
 * event id; a reconnecting EventSource sends it back as {@code Last-Event-ID}.
 *
 * <p>Subscribe and unsubscribe replies name no channel, so {@link HttpTransports} announces each such
 * command ({@link #expect}) before running it. The subscriptions a resume makes on the client's behalf
 * run under reserved command ids (above the protocol's 2^53 - 1, so never a client's); their replies
 * are written as {@code resume} messages naming the channel instead ({@link #rewrite}).
 *
 * <p>{@link #expect} and {@link #resumeId} are thread-safe; the rest runs under the transport's lock,
 * one write at a time.
 */
final class SsePositions {
    /** The first reserved command id (2^53): the protocol's ids are below it. */
    static final long RESUME_IDS = 1L << 53;
    /** Announced commands still waiting for their reply; past this, further ones go untracked. */
    private static final int MAX_PENDING = 1024;
    private static final String PUB = "{\"type\":\"pub\",\"channel\":\"";
    private static final String OFFSET = ",\"offset\":";
    private static final String RESUME = "{\"type\":\"resume\",\"channel\":\"";

    private record Pending(String channel, boolean subscribe) {
    }

    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextResumeId = new AtomicLong(RESUME_IDS);
    private final Map<String, StreamPosition> positions = new LinkedHashMap<>();
    private String eventId = SseEventId.PREFIX;

    /** A client command naming a channel is about to run: its reply changes what the client holds. */
    void expect(long id, String channel, boolean subscribe) {
        if (pending.size() < MAX_PENDING) {
            pending.put(id, new Pending(channel, subscribe));
        }
    }

    /** A reserved id for a subscribe the server makes for the client (a resume); its reply becomes {@code resume}. */
    long resumeId(String channel) {
        long id = nextResumeId.getAndIncrement();
        pending.put(id, new Pending(channel, true));
        return id;
    }

    /** The event id: the positions as of the last message written. */
    String eventId() {
        return eventId;
    }

    /**
     * The message as written: a reply to a resume subscribe becomes
     * {@code {"type":"resume","channel":"c","result":{...}}} (or {@code "error"}); anything else is unchanged.
     */
    String rewrite(String message) {
        if (!message.startsWith("{\"id\":")) {
            return message;
        }
        int comma = message.indexOf(',', 6);
        long id = comma < 0 ? -1 : number(message, 6, comma);
        if (id < RESUME_IDS) {
            return message;
        }
        Pending p = pending.remove(id);
        if (p == null) {
            return message;
        }
        StringBuilder out = new StringBuilder(message.length() + 32).append(RESUME, 0, RESUME.length() - 1);
        JsonText.quote(out, p.channel());
        return out.append(message, comma, message.length()).toString();
    }

    /**
     * Follows one written message (after {@link #rewrite}).
     *
     * @return whether the positions changed (the event then carries the new {@link #eventId()})
     */
    boolean observe(String message) {
        boolean changed;
        if (message.startsWith(PUB)) {
            changed = publication(message);
        } else if (message.startsWith("{\"id\":")) {
            int comma = message.indexOf(',', 6);
            changed = comma > 0 && reply(number(message, 6, comma), message, comma + 1);
        } else if (message.startsWith(RESUME)) {
            int end = message.indexOf('"', RESUME.length());
            changed = end > 0 && message.startsWith(",\"result\":", end + 1)
                    && track(message.substring(RESUME.length(), end), message, end + 11);
        } else {
            changed = false;
        }
        if (changed) {
            eventId = SseEventId.encode(positions);
        }
        return changed;
    }

    /** A live publication advances its channel only when it is the next one (a gap or a new epoch stays put). */
    private boolean publication(String message) {
        int end = message.indexOf('"', PUB.length());
        if (end < 0 || !message.startsWith(OFFSET, end + 1)) {
            return false;
        }
        StreamPosition held = positions.get(message.substring(PUB.length(), end));
        int from = end + 1 + OFFSET.length();
        long offset = number(message, from, digitsEnd(message, from));
        if (held == null || offset != held.offset() + 1) {
            return false;
        }
        positions.put(message.substring(PUB.length(), end), new StreamPosition(offset, held.epoch()));
        return true;
    }

    private boolean reply(long id, String message, int field) {
        Pending p = pending.remove(id);
        if (p == null || id >= RESUME_IDS || !message.startsWith("\"result\":", field)) {
            return false;
        }
        if (!p.subscribe()) {
            return positions.remove(p.channel()) != null;
        }
        return track(p.channel(), message, field + 9);
    }

    /** Reads {@code {"epoch":"E","offset":N} of a subscribe result starting at {@code from}. */
    private boolean track(String channel, String message, int from) {
        String head = "{\"epoch\":\"";
        if (!message.startsWith(head, from)) {
            return false;
        }
        int end = message.indexOf('"', from + head.length());
        if (end < 0 || !message.startsWith(OFFSET, end + 1) || message.lastIndexOf('\\', end) >= from) {
            return false; // an epoch with escapes is not one Herald makes: not tracked
        }
        int digits = end + 1 + OFFSET.length();
        long offset = number(message, digits, digitsEnd(message, digits));
        if (offset < 0) {
            return false;
        }
        positions.put(channel, new StreamPosition(offset, message.substring(from + head.length(), end)));
        return true;
    }

    private static int digitsEnd(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /** The decimal number in {@code s[from, to)}, or -1. */
    private static long number(String s, int from, int to) {
        if (to <= from || to - from > 18) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
