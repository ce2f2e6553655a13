package io.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes docs/benchmarks.md (tables with ratios to each peer from this run) and docs/bench/*.png. */
final class Report {
    private static final Server.Kind H = Server.Kind.HERALD;
    private static final List<Server.Kind> PEERS = List.of(Server.Kind.WS, Server.Kind.SOCKETIO, Server.Kind.TYRUS,
            Server.Kind.NIO);
    private static final String COLUMNS = "| Herald | ws | Socket.IO | Tyrus | NIO ceiling | Herald/ws | Herald/Socket.IO"
            + " | Herald/Tyrus | Herald/ceiling |\n";

    private final Results r;
    private final Profile profile;
    private final BenchEnv env;
    private final double minutes;
    private final StringBuilder md = new StringBuilder();

    Report(Results results, Profile profile, BenchEnv env, double minutes) {
        this.r = results;
        this.profile = profile;
        this.env = env;
        this.minutes = minutes;
    }

    void write(Path docs) throws IOException {
        Path charts = docs.resolve("bench");
        Files.createDirectories(charts);
        header();
        targets();
        fanoutTables();
        rounds();
        channels();
        idle();
        churn();
        slow();
        method();
        Files.writeString(docs.resolve("benchmarks.md"), md.toString());
        chartThroughput(charts.resolve("throughput-vs-subscribers.png"));
        chartLatency(charts.resolve("latency-vs-offered-load.png"));
        chartMemory(charts.resolve("memory-per-connection.png"));
    }

    private void header() {
        md.append("# Benchmarks\n\n");
        md.append("Herald next to the servers people would otherwise pick, run by the same kit, in the same session, on the ")
                .append("same machine, with the same workload and permessage-deflate off everywhere. Regenerate everything ")
                .append("on this page (tables and charts) with one command:\n\n```\nbench/run.sh full\n```\n\n");
        md.append(String.format(Locale.ROOT, "Last run: %s, %d cores, %s, Java %s, Node %s; took %.1f minutes. "
                        + "Profile: step %d ms, load ladder from %,.0f deliveries/s in steps of x1.41 plus %d bisections.%n%n",
                LocalDate.now(), 2, env.pin() ? "servers pinned to CPU 0 and the load generator to CPU 1" : "no CPU pinning",
                System.getProperty("java.version"), nodeVersion(), minutes, profile.stepMillis(), profile.ladderStart(),
                profile.bisections()));
        md.append("| server | what runs |\n|---|---|\n");
        md.append("| Herald | `java -jar target/herald.war --config bench/config/herald-bench.json` (standalone: Tyrus 2.1.6 on Grizzly 4.0.2, "
                + "in-memory broker, history on, full protocol: connect, subscribe replies, JSON pushes) |\n");
        md.append("| ws | `bench/peers/ws-server.js`: bare `ws` 8.23 broadcast loop (with bufferutil/utf-8-validate), the raw ceiling |\n");
        md.append("| Socket.IO | `bench/peers/sio-server.js`: Socket.IO 4.8.4, rooms for channels, websocket transport only |\n");
        md.append("| Tyrus | `io.herald.bench.peer.TyrusBroadcastServer`: bare `@ServerEndpoint` broadcast on Tyrus 2.1.6's own "
                + "Grizzly server, the container's ceiling |\n");
        md.append("| NIO ceiling | `io.herald.bench.peer.NioBroadcastServer`: bare Java NIO, one selector thread per core it may "
                + "use, each publication framed once into one buffer and written to every socket, gathering writes for a "
                + "socket that fell behind; nothing else. The physical limit of this box |\n\n");
        md.append(String.format(Locale.ROOT, "Every cell ran in %d interleaved rounds (each round every server once, the order "
                + "reversed every other round); the tables show the round with the median saturation and the median of the "
                + "per-round ratios; section \"Rounds\" lists every round. Herald on Tomcat, on GlassFish and with the Redis "
                + "broker are variants (`bench/README.md`), reported by their own runs in `bench/results/`.%n%n", r.rounds()));
        if (!r.failures.isEmpty()) {
            md.append("**Failures in this run:**\n\n");
            // the generated page names no machine paths: a server log is named relative to the checkout
            r.failures.forEach(f -> md.append("- ").append(f.replaceAll("\\S*/bench/target/", "bench/target/")).append('\n'));
            md.append('\n');
        }
    }

    private void targets() {
        md.append("## Targets (median of the per-round ratios)\n\n| target | measured | verdict |\n|---|---|---|\n");
        for (int n : profile.fanoutSubscribers()) {
            for (int p : profile.payloads()) {
                targetRatio("fan-out " + String.format(Locale.ROOT, "%,d", n) + " x " + p + " B", "fanout", n, p);
            }
        }
        targetRatio("many channels", "channels", profile.channelConnections(), 100);
        Results.Fanout h = r.fanout(H, "fanout", 1000, 100);
        double ceiling = r.medianRatio(H, Server.Kind.NIO, "fanout", 1000, 100);
        if (!Double.isNaN(ceiling)) {
            md.append(String.format(Locale.ROOT, "| 3. Herald >= 0.6x the NIO ceiling, fan-out 1,000 x 100 B | %.2fx | %s |%n",
                    ceiling, verdict(ceiling >= 0.6, h, r.fanout(Server.Kind.NIO, "fanout", 1000, 100))));
        }
        halfWsTarget();
        churnTarget();
        for (Results.Slow s : r.slows) {
            if (s.server() == H) {
                md.append(String.format(Locale.ROOT, "| 2. round %d: others' p99 with 10%% stalled <= 1.2x without | pairs %s;"
                                + " median %.2fx (%.1f vs %.1f ms); %,d of %,d connections open after | %s |%n", s.round(),
                        pairRatios(s), s.isolation(), s.step().p99(), s.without().p99(),
                        Math.max(0, s.openAfter() - 1), s.subscribers(), s.isolation() <= 1.2 ? "met" : "missed"));
            }
        }
        for (Results.Idle i : r.idles) {
            if (i.server() == H) {
                md.append(String.format(Locale.ROOT, "| 5. idle subscribed connections at <= 4 KiB heap each | %,d connections, %,.0f B retained heap each | %s |%n",
                        i.connections(), i.heapPerConnection(),
                        i.connections() >= 19_000 && i.heapPerConnection() <= 4096 ? "met" : "missed"));
            }
        }
        md.append("| 6. Redis one node >= 0.8x in-memory; Tomcat >= 0.9x its bare endpoint | variant runs (`bench/results/`) | see there |\n\n");
    }

    /** Target 1 for one cell: Herald >= 1.0x ws and >= 1.5x Socket.IO, as medians of per-round ratios. */
    private void targetRatio(String what, String scenario, int n, int p) {
        double ws = r.medianRatio(H, Server.Kind.WS, scenario, n, p);
        double sio = r.medianRatio(H, Server.Kind.SOCKETIO, scenario, n, p);
        if (Double.isNaN(ws) && Double.isNaN(sio)) {
            return;
        }
        boolean disturbed = r.fanouts(H, scenario, n, p).stream().anyMatch(Report::disturbed);
        md.append(String.format(Locale.ROOT, "| 1. %s: Herald >= 1.0x ws, >= 1.5x Socket.IO | %s ws, %s Socket.IO | %s%s |%n",
                what, times(ws), times(sio), ws >= 1.0 && sio >= 1.5 ? "met" : "missed",
                disturbed ? " (steps disturbed: see rounds)" : ""));
    }

    /** A ratio as {@code 1.23x}; "-" when no round had both servers deliver (no ratio to take). */
    private static String times(double ratio) {
        return Double.isNaN(ratio) ? "- (no round where both delivered)" : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    /** Target 4: Herald's p99 at half of ws's saturation <= ws's p99 at the same load, per round. */
    private void halfWsTarget() {
        for (Results.Fanout h : r.fanouts(H, "fanout", 1000, 100)) {
            for (Results.Fanout w : r.fanouts(Server.Kind.WS, "fanout", 1000, 100)) {
                if (h.round() == w.round() && h.halfWs() != null && w.halfWs() != null) {
                    md.append(String.format(Locale.ROOT, "| 4. round %d: p99 at half of ws's saturation (%,.0f/s) <= ws's p99 |"
                                    + " %.1f vs %.1f ms | %s |%n", h.round(), h.halfWs().offeredDeliveries(),
                            h.halfWs().p99(), w.halfWs().p99(), h.halfWs().p99() <= w.halfWs().p99() ? "met" : "missed"));
                }
            }
        }
    }

    private void churnTarget() {
        List<Double> ws = new ArrayList<>();
        List<Double> sio = new ArrayList<>();
        for (Results.Churn h : r.churns) {
            if (h.server() != H) {
                continue;
            }
            for (Results.Churn o : r.churns) {
                if (o.round() == h.round() && o.perSecond() > 0 && o.server() == Server.Kind.WS) {
                    ws.add(h.perSecond() / o.perSecond());
                } else if (o.round() == h.round() && o.perSecond() > 0 && o.server() == Server.Kind.SOCKETIO) {
                    sio.add(h.perSecond() / o.perSecond());
                }
            }
        }
        if (!ws.isEmpty() || !sio.isEmpty()) {
            double w = Results.median(ws);
            double s = Results.median(sio);
            md.append(String.format(Locale.ROOT, "| 1. churn: Herald >= 1.0x ws, >= 1.5x Socket.IO | %.2fx ws, %.2fx Socket.IO | %s |%n",
                    w, s, w >= 1.0 && s >= 1.5 ? "met" : "missed"));
        }
    }

    /** Every round's saturation per cell and server, with the within-round ratios the medians are taken from. */
    private void rounds() {
        md.append("## Rounds\n\nSaturation per round (deliveries/s); \u2020 = a step of that search was disturbed (steal or other "
                + "processes above " + (int) (Step.DISTURBED * 100) + "% of the machine, measured again once). Ratios are "
                + "within the round.\n\n");
        md.append("| cell | round | Herald | ws | Socket.IO | Tyrus | NIO ceiling | Herald/ws | Herald/Socket.IO | Herald/ceiling | max steal | max other |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<String[]> cells = new ArrayList<>();
        for (int n : profile.fanoutSubscribers()) {
            for (int p : profile.payloads()) {
                cells.add(new String[]{"fanout", Integer.toString(n), Integer.toString(p)});
            }
        }
        cells.add(new String[]{"channels", Integer.toString(profile.channelConnections()), "100"});
        for (String[] c : cells) {
            int n = Integer.parseInt(c[1]);
            int p = Integer.parseInt(c[2]);
            for (int round = 1; round <= r.rounds(); round++) {
                roundRow(c[0], n, p, round);
            }
        }
        md.append('\n');
    }

    private void roundRow(String scenario, int n, int p, int round) {
        double[] sat = new double[Server.Kind.values().length];
        java.util.Arrays.fill(sat, Double.NaN);
        double steal = 0;
        double other = 0;
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s %,d x %d B | %d |", scenario, n, p, round));
        boolean any = false;
        for (Server.Kind k : Server.Kind.DOCUMENTED) {
            Results.Fanout f = r.fanouts(k, scenario, n, p).stream().filter(x -> x.round() == round).findFirst().orElse(null);
            if (f != null) {
                any = true;
                sat[k.ordinal()] = f.saturation();
                for (Step st : f.steps()) {
                    steal = Math.max(steal, st.steal());
                    other = Math.max(other, st.otherShare());
                }
            }
            row.append(f == null ? " - |" : String.format(Locale.ROOT, " %,.0f%s |", f.saturation(), disturbed(f) ? " \u2020" : ""));
        }
        if (!any) {
            return;
        }
        for (Server.Kind peer : List.of(Server.Kind.WS, Server.Kind.SOCKETIO, Server.Kind.NIO)) {
            double h = sat[H.ordinal()];
            double o = sat[peer.ordinal()];
            row.append(Double.isNaN(h) || Double.isNaN(o) || o == 0 ? " - |" : String.format(Locale.ROOT, " %.2fx |", h / o));
        }
        row.append(String.format(Locale.ROOT, " %.0f%% | %.0f%% |%n", steal * 100, other * 100));
        md.append(row);
    }

    private void fanoutTables() {
        md.append("## 1. Fan-out: one channel, N subscribers\n\n");
        md.append("Saturation = the highest offered load (deliveries/s = publications/s x subscribers) that was delivered "
                + "completely with p99 <= " + (int) profile.maxP99Millis() + " ms within a " + profile.stepMillis()
                + " ms step (for 10,000 subscribers the bound is " + (int) profile.maxP99Millis(10_000) + " ms: "
                + "the load generator alone needs up to " + (int) Profile.GENERATOR_MICROS_PER_RECIPIENT
                + " us per recipient to receive one publication, about 130 ms at the median on every server)." + (profile.warmMillis() > 0 ? String.format(Locale.ROOT, " Before its ladder every server"
                + " gets the same unmeasured warm-up, %,d ms at %,.0f deliveries/s, then a ramp of 1 s steps up the ladder's"
                + " grid until one fails (a JVM compiles its hot paths and sizes its heap in its first tens of seconds"
                + " under load, and recompiles when a higher load takes branches a lower one never did).",
                profile.warmMillis(), profile.ladderStart() / 4)
                : "") + "\n\n![throughput](bench/throughput-vs-subscribers.png)\n\n");
        md.append("| subscribers | payload " + COLUMNS);
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int n : profile.fanoutSubscribers()) {
            for (int p : profile.payloads()) {
                md.append(String.format(Locale.ROOT, "| %,d | %d B |", n, p));
                appendRow("fanout", n, p);
            }
        }
        md.append("\n\u2020 = at least one step of this search was disturbed (steal or other processes above "
                + (int) (Step.DISTURBED * 100) + "% of the machine, after one repeat): that figure is a lower bound. The ratios "
                + "are medians of within-round ratios, which a disturbance hitting every server alike does not flip. 0 = not "
                + "even a sixteenth of the calibrated first rung was delivered within the p99 bound.\n");
        md.append("\n### Latency at fixed offered loads (1,000 subscribers, 100 B)\n\n");
        md.append("Publish intended time to receive time, ms (p50 / p99 / p99.9 / max). `-` = the server was past saturation "
                + "before that step.\n\n![latency](bench/latency-vs-offered-load.png)\n\n");
        md.append("| offered deliveries/s | Herald | ws | Socket.IO | Tyrus | NIO ceiling |\n|---:|---|---|---|---|---|\n");
        for (double x : ladder(1000, 100)) {
            md.append(String.format(Locale.ROOT, "| %,.0f |", x));
            for (Server.Kind k : Server.Kind.DOCUMENTED) {
                Results.Fanout f = r.fanout(k, "fanout", 1000, 100);
                Step s = f == null ? null : f.at(x);
                md.append(s == null ? " - |" : String.format(Locale.ROOT, " %.1f / %.1f / %.1f / %.0f%s |", s.p50(), s.p99(),
                        s.p999(), s.max(), s.pass() ? "" : " (over)"));
            }
            md.append('\n');
        }
        md.append("\nCPU during those steps (fraction of one core: server / load generator / everything else on the machine; "
                + "then steal, as a share of the machine):\n\n");
        md.append("| offered deliveries/s | Herald | ws | Socket.IO | Tyrus | NIO ceiling |\n|---:|---|---|---|---|---|\n");
        for (double x : ladder(1000, 100)) {
            md.append(String.format(Locale.ROOT, "| %,.0f |", x));
            for (Server.Kind k : Server.Kind.DOCUMENTED) {
                Results.Fanout f = r.fanout(k, "fanout", 1000, 100);
                Step s = f == null ? null : f.at(x);
                md.append(s == null ? " - |" : String.format(Locale.ROOT, " %.0f%% / %.0f%% / %.0f%%; %.0f%%%s |",
                        s.serverCpu() * 100, s.generatorCpu() * 100, s.otherCpu() * 100, s.steal() * 100,
                        s.disturbed() ? " \u2020" : ""));
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private void appendRow(String scenario, int n, int p) {
        double[] sat = new double[Server.Kind.values().length];
        for (Server.Kind k : Server.Kind.DOCUMENTED) {
            Results.Fanout f = r.fanout(k, scenario, n, p);
            sat[k.ordinal()] = f == null ? Double.NaN : f.saturation();
            md.append(f == null ? " - |" : String.format(Locale.ROOT, " %,.0f%s%s |", f.saturation(),
                    f.note().isEmpty() ? "" : "+", disturbed(f) ? " \u2020" : ""));
        }
        for (Server.Kind peer : PEERS) {
            double ratio = r.medianRatio(H, peer, scenario, n, p);
            md.append(Double.isNaN(ratio) ? " - |" : String.format(Locale.ROOT, " %.2fx |", ratio));
        }
        md.append('\n');
    }

    private void channels() {
        md.append("## 2. Many channels: a personal channel and one group of 10 per connection\n\n");
        md.append(String.format(Locale.ROOT, "%,d connections, each subscribed to `b:u<i>` and `b:g<i/10>`; publications go "
                + "round-robin over the %,d groups (each reaches 10 subscribers); 100 B payloads.%n%n", profile.channelConnections(),
                profile.channelConnections() / 10));
        md.append("| connections | payload " + COLUMNS);
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| %,d | 100 B |", profile.channelConnections()));
        appendRow("channels", profile.channelConnections(), 100);
        md.append("\nLatency at 100k deliveries/s offered (p50 / p99 / p99.9 / max, ms):");
        for (Server.Kind k : Server.Kind.DOCUMENTED) {
            Results.Fanout f = r.fanout(k, "channels", profile.channelConnections(), 100);
            Step s = f == null ? null : f.at(100_000);
            md.append(String.format(Locale.ROOT, " %s %s;", k.id, s == null ? "-" : String.format(Locale.ROOT,
                    "%.1f / %.1f / %.1f / %.0f", s.p50(), s.p99(), s.p999(), s.max())));
        }
        md.append("\n\n");
    }

    private void idle() {
        md.append("## 3. Idle scale: subscribed connections that do nothing\n\n");
        md.append("Each connection subscribed to its own channel. Retained heap = live bytes after a full GC (JVMs: "
                + "`jcmd GC.class_histogram`; Node: `heapUsed + external` after `gc()`), before and after connecting; RSS from "
                + "/proc. The open-file limit here is 20,000 per process.\n\n![memory](bench/memory-per-connection.png)\n\n");
        md.append("| server | connections | retained heap / conn | RSS / conn | heap after | RSS after |\n|---|---:|---:|---:|---:|---:|\n");
        for (Results.Idle i : r.idles) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f B | %,.0f B | %,.1f MiB | %,.1f MiB |%s%n", i.server().label,
                    i.connections(), i.heapPerConnection(), i.rssPerConnection(), i.heapAfter() / 1048576.0,
                    i.rssAfter() / 1048576.0, i.note().isEmpty() ? "" : " " + i.note()));
        }
        md.append('\n');
    }

    private void churn() {
        md.append("## 4. Churn: connect + subscribe + close, sustained\n\n");
        md.append(String.format(Locale.ROOT, "%d processes x 32 concurrent loops for %.0f s, after %.0f s of the same"
                + " unmeasured (a JVM server is still compiling its handshake paths well past 5 s); each loop opens a"
                + " connection, subscribes (Herald: `connect` then `subscribe`), waits for the acknowledgement, closes.%n%n",
                profile.workerProcesses(), profile.churnMillis() / 1000.0, profile.churnWarmMillis() / 1000.0));
        md.append("| server | round | connects+subscribes/s | failed | open->subscribed p50 | p99 | server CPU | steal / other | Herald / this, same round |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Results.Churn c : r.churns) {
            double herald = r.churns.stream().filter(h -> h.server() == H && h.round() == c.round())
                    .mapToDouble(Results.Churn::perSecond).findFirst().orElse(Double.NaN);
            md.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %,d | %.1f ms | %.1f ms | %.0f%% | %.0f%% / %.0f%% | %s |%n",
                    c.server().label, c.round(), c.perSecond(), c.failures(), c.p50(), c.p99(), c.serverCpu() * 100,
                    c.steal() * 100, c.other() * 100,
                    c.server() == H || Double.isNaN(herald) ? "" : String.format(Locale.ROOT, "%.2fx", herald / c.perSecond())));
        }
        md.append('\n');
    }

    private void slow() {
        md.append("## 5. Slow consumers: 10% of subscribers stop reading\n\n");
        md.append(String.format(Locale.ROOT, "%,d subscribers of one channel, 1 KiB payloads. Each server first finds its own "
                + "saturation on this shape, then gets %.0f%% of it on the same connections: one unmeasured stall and catch-up, "
                + "then %d pairs of %.0f s halves: every "
                + "subscriber reading, then every 10th stopped reading (its socket opened with a 16 KiB receive buffer); between "
                + "pairs the stalled ones read again and catch up. Latency is timed on the other 90%% in both halves. A pair's "
                + "isolation = their p99 with "
                + "stalled clients / p99 without; the verdict is the median pair (target: <= 1.2x), and the row shows that pair. "
                + "Herald bounds each connection's queue "
                + "(`limits.outboundQueueBytes`, 1 MiB) and closes a client past it with 4001; the peers buffer without bound.%n%n",
                profile.slowSubscribers(), profile.slowFraction() * 100, profile.slowPairs(), profile.slowMillis() / 1000.0));
        md.append("| server | round | offered | pairs' isolation | p99 without | readers delivered with | p50 | p99 | p99.9 | max | isolation (median) | retained heap before -> after | connections open after |\n");
        md.append("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Results.Slow s : r.slows) {
            Step st = s.step();
            boolean disturbed = s.pairs().stream().anyMatch(p -> p.with().disturbed() || p.without().disturbed());
            md.append(String.format(Locale.ROOT, "| %s | %d | %,.0f/s | %s | %.1f ms | %,d / %,d | %.1f ms | %.1f ms | %.1f ms | %.0f ms | %.2fx%s | %.1f -> %.1f MiB | %,d of %,d |%n",
                    s.server().label, s.round(), st.offeredDeliveries(), pairRatios(s), s.without().p99(), st.delivered(),
                    st.expected(), st.p50(), st.p99(), st.p999(), st.max(), s.isolation(), disturbed ? " \u2020" : "",
                    s.heapBefore() / 1048576.0, s.heapAfter() / 1048576.0, Math.max(0, s.openAfter() - 1), s.subscribers()));
        }
        md.append('\n');
    }

    /** Each pair's isolation ratio in the order the pairs ran, e.g. {@code 1.10 / 0.95 / 1.31}. */
    private static String pairRatios(Results.Slow s) {
        return s.pairs().stream().map(p -> String.format(Locale.ROOT, "%.2f", p.isolation()))
                .collect(java.util.stream.Collectors.joining(" / "));
    }

    private void method() {
        md.append("## How it measures\n\n");
        md.append("- **Open loop.** One publisher connection sends publication k at its intended time t0 + k/rate, whatever the "
                + "server does, and puts that intended time (System.nanoTime, CLOCK_MONOTONIC, comparable across processes) in "
                + "the payload. Subscribers record receive time minus intended time in an HdrHistogram, so a stalled server or "
                + "a late publisher shows up as latency (no coordinated omission).\n");
        md.append("- **Subscribers** are " + profile.workerProcesses() + " separate JVMs, each one NIO selector thread with the "
                + "kit's own WebSocket client (no per-message allocation on the receive path), bound to loopback sources "
                + "127.0.0.2, 127.0.0.3, ... so no source address runs out of ephemeral ports. The same client speaks all four "
                + "dialects; `bench/peers/sio-check.js` checks the Socket.IO peer with the official `socket.io-client`.\n");
        md.append("- **CPU** of the server, of the generator (publisher + subscriber processes) and of everything else on the "
                + "machine is read from /proc for every step. This machine is shared: when \"everything else\" is high, "
                + "numbers are lower and noisier than on a quiet box.\n");
        md.append("- **Steal and other load** are read for every step: steal from /proc/stat, other load as the CPU of every "
                + "process that is not the kit's (kernel threads included), from the same per-process counters as the server's. "
                + "A step where the hypervisor's steal or those processes took more than " + (int) (Step.DISTURBED * 100)
                + "% of the machine is marked DISTURBED in the log and measured again once; the mark stays when the repeat "
                + "is disturbed too.\n");
        md.append("- **Calibrated ladders:** each search starts with a short probe at the profile's first rung; when that fails "
                + "it halves (on the same x1.41 grid) until a probe is delivered, so the slowest server still has passing rungs; "
                + "when the probe passes but the measured first rung fails, the search steps down the same grid until one "
                + "holds. The probes come after the warm-up and are not recorded. A load fails only when its step fails twice in a row "
                + "(one GC pause or burst of other load fails a 1.5 s step whose load passes the next time).\n");
        md.append("- **Same workload for every server:** same channel names, payload bytes and grid of offered loads. Each scenario runs against every server before the next "
                + "scenario, each in a fresh server process. Herald runs with a bench namespace `b` (clients may publish, "
                + "history on, presence off) and per-connection INFO logging off (the peers log nothing).\n");
        md.append("- Smoke check (CI): `bench/run.sh smoke` runs every scenario against every server at tiny sizes in well "
                + "under a minute and exits non-zero if anything did not deliver.\n");
    }

    /** Every offered load a representative run of this cell measured (calibrated ladders share one x1.41 grid). */
    private double[] ladder(int n, int p) {
        java.util.TreeSet<Double> xs = new java.util.TreeSet<>();
        for (Server.Kind k : Server.Kind.DOCUMENTED) {
            Results.Fanout f = r.fanout(k, "fanout", n, p);
            if (f != null) {
                f.steps().forEach(st -> xs.add(st.offeredDeliveries()));
            }
        }
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private void chartThroughput(Path file) throws IOException {
        List<String> cats = new ArrayList<>();
        for (int n : profile.fanoutSubscribers()) {
            for (int p : profile.payloads()) {
                cats.add(String.format(Locale.ROOT, "%,d subs, %s", n, p >= 1024 ? (p / 1024) + " KiB" : p + " B"));
            }
        }
        List<Charts.Series> series = new ArrayList<>();
        for (Server.Kind k : Server.Kind.DOCUMENTED) {
            double[] v = new double[cats.size()];
            int i = 0;
            for (int n : profile.fanoutSubscribers()) {
                for (int p : profile.payloads()) {
                    Results.Fanout f = r.fanout(k, "fanout", n, p);
                    v[i++] = f == null ? Double.NaN : f.saturation();
                }
            }
            series.add(new Charts.Series(k.label, k.id, v));
        }
        Charts.bars(file, "Fan-out saturation (deliveries/s, higher is better)", "deliveries/s", cats, series);
    }

    private void chartLatency(Path file) throws IOException {
        double[] xs = ladder(1000, 100);
        if (xs.length == 0) {
            return;
        }
        List<Charts.Series> series = new ArrayList<>();
        for (Server.Kind k : Server.Kind.DOCUMENTED) {
            Results.Fanout f = r.fanout(k, "fanout", 1000, 100);
            double[] p99 = new double[xs.length];
            double[] p50 = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                Step s = f == null ? null : f.at(xs[i]);
                p99[i] = s == null ? Double.NaN : s.p99();
                p50[i] = s == null ? Double.NaN : s.p50();
            }
            series.add(new Charts.Series(k.id + " p99", k.id, p99));
            series.add(new Charts.Series(k.id + " p50", k.id, p50));
        }
        Charts.lines(file, "Latency vs offered load, 1,000 subscribers, 100 B (ms, log scale)",
                "offered deliveries/s", "ms", xs, series, true);
    }

    private void chartMemory(Path file) throws IOException {
        List<String> cats = new ArrayList<>();
        double[] heap = new double[r.idles.size()];
        double[] rss = new double[r.idles.size()];
        for (int i = 0; i < r.idles.size(); i++) {
            Results.Idle idle = r.idles.get(i);
            cats.add(idle.server().id);
            heap[i] = idle.heapPerConnection() / 1024;
            rss[i] = idle.rssPerConnection() / 1024;
        }
        Charts.bars(file, "Memory per idle subscribed connection (KiB, lower is better)", "KiB per connection", cats,
                List.of(new Charts.Series("retained heap", "herald", heap), new Charts.Series("RSS", "tyrus", rss)));
    }

    /** A result taken while other processes on the shared machine used a lot of CPU: not comparable. */
    private static boolean disturbed(Results.Fanout f) {
        return f != null && f.steps().stream().anyMatch(Step::disturbed);
    }

    private static String verdict(boolean met, Results.Fanout a, Results.Fanout b) {
        if (disturbed(a) || disturbed(b)) {
            return (met ? "met" : "missed") + " in this run, but inconclusive: other processes disturbed the measurement";
        }
        return met ? "met" : "missed";
    }

    private static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return v;
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }
}
