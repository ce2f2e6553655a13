package io.herald.hub;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Transport} for unit tests of the hub's own logic: records what is sent and closed. Sends
 * complete inline unless {@link #holdSends()} was called, which lets a test play a client that stops
 * reading.
 */
class RecordingTransport implements Transport {
    final List<Frame> sent = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<SendCallback> pending = new ArrayList<>();
    volatile int closeCode;
    volatile String closeReason;
    private boolean hold;
    int sendsInFlight;
    int maxSendsInFlight;

    synchronized void holdSends() {
        hold = true;
    }

    /** Completes every held send (and completes later ones inline again). */
    void release() {
        List<SendCallback> callbacks;
        synchronized (this) {
            hold = false;
            callbacks = new ArrayList<>(pending);
            pending.clear();
        }
        callbacks.forEach(cb -> {
            synchronized (this) {
                sendsInFlight--;
            }
            cb.completed(null);
        });
    }

    @Override
    public void send(Frame frame, SendCallback callback) {
        synchronized (this) {
            sendsInFlight++;
            maxSendsInFlight = Math.max(maxSendsInFlight, sendsInFlight);
            sent.add(frame);
            if (hold) {
                pending.add(callback);
                return;
            }
            sendsInFlight--;
        }
        callback.completed(null);
    }

    @Override
    public void close(int code, String reason) {
        if (closeCode == 0) {
            closeCode = code;
            closeReason = reason;
        }
    }

    @Override
    public String remoteAddress() {
        return "test";
    }

    /** Every protocol message sent so far, split out of coalesced frames. */
    List<String> messages() {
        List<String> out = new ArrayList<>();
        for (Frame f : List.copyOf(sent)) {
            if (f instanceof Frame.Text t) {
                out.addAll(List.of(t.text().split("\n")));
            }
        }
        return out;
    }
}
