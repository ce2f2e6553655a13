package io.herald.bench;

import io.herald.bench.wire.ClientLoop;
import io.herald.bench.wire.Payloads;
import io.herald.bench.wire.Wire;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A subscriber process: opens {@code --count} connections (spread over {@code --sources} loopback
 * addresses), subscribes them, then records publish-to-receive latency until told to stop. Driven by
 * the coordinator over stdin/stdout, one command and one answer per line:
 * {@code MARK} starts a measurement interval and answers {@code MARK <messages so far>} (read on the loop
 * thread in the same step as the reset, so a straggler of the previous interval is counted on one side
 * only), {@code REPORT} answers {@code REPORT <messages> <closed>
 * <histogram>}, {@code COUNT} answers {@code COUNT <messages>}, {@code CHURN <ms>} runs the churn loop and
 * answers {@code CHURN <cycles> <failures> <histogram>}, {@code STALL} makes every {@code --slowEvery}-th
 * subscriber stop reading and answers {@code STALL <stalled>}, {@code RESUME} makes them read again (they catch up
 * on what queued meanwhile) and answers {@code RESUME <resumed>}, {@code STOP} (or stdin closing) exits.
 * With {@code --stallOnReady true} those subscribers stop reading as soon as they are subscribed instead.
 */
public final class SubscriberWorker implements ClientLoop.Listener {
    static final long HIGHEST_MICROS = 300_000_000L;

    /**
     * The receive buffer of a stalled subscriber's socket. On loopback the kernel's receive work for a client runs
     * on the server's cores: a default socket that never reads lets its queue grow, by autotuning, to megabytes of
     * small segments, which the kernel prunes and collapses (copies) over and over (TcpExtPruneCalled,
     * TCPRcvCollapsed) and charges to whoever writes. On a real network that work happens on the client's machine,
     * and a stalled client's backlog stays in the sender. With a small receive buffer the window closes after a
     * few KiB, and the backlog lands where the isolation under test has to handle it: in the server.
     */
    static final int STALLED_RECEIVE_BUFFER = 16 * 1024;

    private final Args args;
    private final Wire wire;
    private final InetSocketAddress target;
    private final InetSocketAddress[] sources;
    private final ClientLoop loop;
    private final int count;
    private final int first;
    private final int slowEvery;
    private final boolean stallOnReady;
    private final List<ClientLoop.Conn> toStall = new ArrayList<>();
    private final String topology;
    private final int groupSize;
    private Histogram interval = new Histogram(HIGHEST_MICROS, 3);
    private long messages;
    private long totalMessages;
    private long negative;
    private int ready;
    private int failed;
    private int closedAfterReady;
    private String firstFailure;
    private int opened;
    private int inflight;
    private final int maxInflight;
    private CountDownLatch allSettled;
    // churn
    private boolean churning;
    private long churnCycles;
    private long churnFailures;
    private long churnDeadline;
    private Histogram churnLatency;

    SubscriberWorker(Args args) throws IOException {
        this.args = args;
        this.wire = Wire.named(args.str("wire", "herald"), args.str("prefix", ""));
        this.target = new InetSocketAddress(args.str("host", "127.0.0.1"), args.integer("port", 8080));
        String[] src = args.str("sources", "127.0.0.2").split(",");
        this.sources = new InetSocketAddress[src.length];
        for (int i = 0; i < src.length; i++) {
            sources[i] = new InetSocketAddress(src[i], 0);
        }
        this.count = args.integer("count", 10);
        this.first = args.integer("first", 0);
        this.slowEvery = args.integer("slowEvery", 0);
        this.stallOnReady = Boolean.parseBoolean(args.str("stallOnReady", "true"));
        this.topology = args.str("topology", "fanout");
        this.groupSize = args.integer("groupSize", 10);
        this.maxInflight = args.integer("inflight", 200);
        this.loop = new ClientLoop(wire, this);
    }

    public static void main(String[] argv) throws Exception {
        SubscriberWorker worker = new SubscriberWorker(new Args(argv));
        Thread thread = new Thread(worker.loop, "client-loop");
        thread.setDaemon(true);
        thread.start();
        worker.serve();
        worker.loop.close();
        thread.join(2000);
        System.exit(0);
    }

    private void serve() throws Exception {
        if (count > 0) {
            connectAll(count);
        } else {
            say("READY 0 0");
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] cmd = line.trim().split(" ");
            switch (cmd[0]) {
                case "MARK" -> onLoop(() -> {
                    interval.reset();
                    messages = 0;
                    say("MARK " + totalMessages);
                });
                case "REPORT" -> onLoop(() -> {
                    say("REPORT " + messages + " " + closedAfterReady + " " + encode(interval));
                    interval.reset();
                    messages = 0;
                });
                case "COUNT" -> onLoop(() -> say("COUNT " + totalMessages));
                case "CHURN" -> churn(Long.parseLong(cmd[1]));
                case "STALL" -> onLoop(() -> say("STALL " + stallMarked()));
                case "RESUME" -> onLoop(() -> say("RESUME " + resumeMarked()));
                case "STOP" -> {
                    return;
                }
                default -> say("ERROR unknown command " + cmd[0]);
            }
        }
    }

    private void connectAll(int n) throws InterruptedException {
        allSettled = new CountDownLatch(1);
        onLoop(this::openMore);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(args.integer("connectTimeoutSeconds", 120));
        while (!allSettled.await(200, TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        int[] snapshot = new int[2];
        onLoop(() -> {
            snapshot[0] = ready;
            snapshot[1] = failed;
        });
        say("READY " + snapshot[0] + " " + snapshot[1] + (firstFailure == null ? "" : " first-failure: " + firstFailure));
    }

    /** Keeps at most {@code maxInflight} handshakes going; loop thread. */
    private void openMore() {
        while (opened < count && inflight < maxInflight) {
            int index = first + opened;
            loop.open(target, sources[opened % sources.length], channelsOf(index), index,
                    stalls(index) ? STALLED_RECEIVE_BUFFER : 0);
            opened++;
            inflight++;
        }
        if (opened >= count && inflight == 0 && allSettled != null) {
            allSettled.countDown();
        }
    }

    private List<String> channelsOf(int index) {
        List<String> channels = new ArrayList<>(2);
        switch (topology) {
            case "fanout" -> channels.add("b:all");
            case "personal" -> channels.add("b:u" + index);
            case "groups" -> {
                channels.add("b:u" + index);
                channels.add("b:g" + index / groupSize);
            }
            default -> throw new IllegalArgumentException("unknown topology " + topology);
        }
        return channels;
    }

    /** Whether the subscriber with this index is one to stall ({@code --slowEvery}). */
    private boolean stalls(int index) {
        return slowEvery > 0 && index % slowEvery == 0;
    }

    @Override
    public void ready(ClientLoop.Conn conn) {
        if (churning) {
            churnLatency.recordValue(Math.min(HIGHEST_MICROS, (System.nanoTime() - (long) conn.tag) / 1000));
            churnCycles++;
            loop.closeNormally(conn);
            return;
        }
        ready++;
        inflight--;
        if (stalls((int) conn.tag)) {
            if (stallOnReady) {
                loop.stopReading(conn);
            } else {
                toStall.add(conn);
            }
        }
        openMore();
    }

    /** Stops reading on the marked subscribers that are still open; loop thread. */
    private int stallMarked() {
        return forOpenMarked(loop::stopReading);
    }

    /** Reads again on the marked subscribers that are still open, so a later STALL can stop them again; loop thread. */
    private int resumeMarked() {
        return forOpenMarked(loop::resumeReading);
    }

    /** Applies {@code action} to every marked subscriber that is still open; returns how many. */
    private int forOpenMarked(java.util.function.Consumer<ClientLoop.Conn> action) {
        int applied = 0;
        for (ClientLoop.Conn conn : toStall) {
            if (conn.isReady()) {
                action.accept(conn);
                applied++;
            }
        }
        return applied;
    }

    @Override
    public void data(ClientLoop.Conn conn, byte[] buf, int from, int to) {
        long now = System.nanoTime();
        // the latency histogram is the readers' only: a subscriber marked to stall is counted but not timed, also
        // while it reads, so both halves of the slow-consumer scenario time the same 90% of the subscribers and
        // the ratio compares like with like
        boolean timed = churning || !stalls((int) conn.tag);
        int found = Payloads.scan(buf, from, to, intended -> {
            long micros = (now - intended) / 1000;
            if (micros < 0) {
                negative++;
                micros = 0;
            }
            if (timed) {
                interval.recordValue(Math.min(micros, HIGHEST_MICROS));
            }
        });
        messages += found;
        totalMessages += found;
    }

    @Override
    public void closed(ClientLoop.Conn conn, String why, boolean beforeReady) {
        if (churning) {
            if (beforeReady) {
                churnFailures++;
                if (firstFailure == null) {
                    firstFailure = why;
                }
            }
            if (System.nanoTime() < churnDeadline) {
                startChurnConnection();
            }
            return;
        }
        if (beforeReady) {
            failed++;
            inflight--;
            if (firstFailure == null) {
                firstFailure = why;
            }
            openMore();
        } else {
            closedAfterReady++;
            if (closedAfterReady == 1) {
                System.err.println("worker: connection closed: " + why);
            }
        }
    }

    /** Connect + subscribe + close, over and over on {@code --concurrency} connections. */
    private void churn(long millis) throws InterruptedException {
        int concurrency = args.integer("concurrency", 32);
        onLoop(() -> {
            churning = true;
            churnCycles = 0;
            churnFailures = 0;
            churnLatency = new Histogram(HIGHEST_MICROS, 3);
            churnDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            for (int i = 0; i < concurrency; i++) {
                startChurnConnection();
            }
        });
        Thread.sleep(millis);
        onLoop(() -> churning = false);
        Thread.sleep(300);
        onLoop(() -> say("CHURN " + churnCycles + " " + churnFailures + " " + encode(churnLatency)
                + (firstFailure == null ? "" : " first-failure: " + firstFailure)));
    }

    private int churnIndex;

    private void startChurnConnection() {
        int n = churnIndex++;
        // the tag carries the start time: ready() turns it into connect+subscribe latency
        loop.open(target, sources[n % sources.length], List.of("b:c" + (first + n % 1000)), System.nanoTime());
    }

    private void onLoop(Runnable task) {
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(() -> {
            try {
                task.run();
            } finally {
                done.countDown();
            }
        });
        try {
            if (!done.await(30, TimeUnit.SECONDS)) {
                say("ERROR loop did not answer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buf);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), n));
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
