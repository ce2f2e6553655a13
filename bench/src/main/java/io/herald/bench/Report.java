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
    private static final List<Server.Kind> PEERS = List.of(Server.Kind.WS, Server.Kind.SOCKETIO, Server.Kind.TYRUS);

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
        md.append("| Herald | `java -jar target/herald.war --config bench/config/herald-bench.json` (standalone: Tyrus 2.1.5 on Grizzly 4.0.2, "
                + "in-memory broker, history on, full protocol: connect, subscribe replies, JSON pushes) |\n");
        md.append("| ws | `bench/peers/ws-server.js`: bare `ws` 8.23 broadcast loop (with bufferutil/utf-8-validate), the raw ceiling |\n");
        md.append("| Socket.IO | `bench/peers/sio-server.js`: Socket.IO 4.8.4, rooms for channels, websocket transport only |\n");
        md.append("| Tyrus | `io.herald.bench.peer.TyrusBroadcastServer`: bare `@ServerEndpoint` broadcast on Tyrus 2.1.5's own "
                + "Grizzly server, the container's ceiling |\n\n");
        md.append("Herald on Tomcat, on GlassFish and with the Redis broker are not in this run: those variants were not on main "
                + "when the kit was written (the kit takes a new `Server.Kind` per variant).\n\n");
        if (!r.failures.isEmpty()) {
            md.append("**Failures in this run:**\n\n");
            r.failures.forEach(f -> md.append("- ").append(f).append('\n'));
            md.append('\n');
        }
    }

    private void targets() {
        md.append("## Targets (1,000 subscribers, 100-byte payloads)\n\n| target | measured | verdict |\n|---|---|---|\n");
        Results.Fanout h = r.fanout(H, "fanout", 1000, 100);
        Results.Fanout sio = r.fanout(Server.Kind.SOCKETIO, "fanout", 1000, 100);
        Results.Fanout ws = r.fanout(Server.Kind.WS, "fanout", 1000, 100);
        if (h != null && sio != null) {
            double ratio = h.saturation() / sio.saturation();
            md.append(String.format(Locale.ROOT, "| saturation >= 1.5x Socket.IO | %,.0f vs %,.0f deliveries/s = %.2fx | %s |%n",
                    h.saturation(), sio.saturation(), ratio, verdict(ratio >= 1.5, h, sio)));
        }
        if (h != null && ws != null) {
            double ratio = h.saturation() / ws.saturation();
            md.append(String.format(Locale.ROOT, "| saturation >= 1.0x raw ws | %,.0f vs %,.0f deliveries/s = %.2fx | %s |%n",
                    h.saturation(), ws.saturation(), ratio, verdict(ratio >= 1.0, h, ws)));
            Step hs = h.at(100_000);
            Step wss = ws.at(100_000);
            if (hs != null && wss != null) {
                md.append(String.format(Locale.ROOT, "| p99 at 100k deliveries/s offered <= ws p99 | %.1f ms vs %.1f ms | %s |%n",
                        hs.p99(), wss.p99(), verdict(hs.p99() <= wss.p99(), h, ws)));
            } else {
                md.append("| p99 at 100k deliveries/s offered <= ws p99 | a server did not reach the 100k step | missed |\n");
            }
        }
        for (Results.Idle i : r.idles) {
            if (i.server() == H) {
                md.append(String.format(Locale.ROOT, "| 19,000 idle subscribed connections at <= 8 KiB heap each | %,d connections, %,.0f B retained heap each | %s |%n",
                        i.connections(), i.heapPerConnection(),
                        i.connections() >= 19_000 && i.heapPerConnection() <= 8192 ? "met" : "missed"));
            }
        }
        md.append("| Tomcat/GlassFish >= 0.9x bare endpoint; Redis >= 0.7x in-memory | not measured: variants not on main yet | open |\n\n");
    }

    private void fanoutTables() {
        md.append("## 1. Fan-out: one channel, N subscribers\n\n");
        md.append("Saturation = the highest offered load (deliveries/s = publications/s x subscribers) that was delivered "
                + "completely with p99 <= " + (int) profile.maxP99Millis() + " ms within a " + profile.stepMillis()
                + " ms step.\n\n![throughput](bench/throughput-vs-subscribers.png)\n\n");
        md.append("| subscribers | payload | Herald | ws | Socket.IO | Tyrus | Herald/ws | Herald/Socket.IO | Herald/Tyrus |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int n : profile.fanoutSubscribers()) {
            for (int p : profile.payloads()) {
                md.append(String.format(Locale.ROOT, "| %,d | %d B |", n, p));
                appendRow("fanout", n, p);
            }
        }
        md.append("\n\u2020 = at least one step of this search ran while other processes on this shared 2-core machine used "
                + "more than " + (int) (Scenarios.NOISY * 100) + "% of a core (see the CPU table below and the run log): "
                + "that figure is a lower bound, and ratios involving it are not a fair comparison. 0 = not even the first "
                + "rung was delivered within the p99 bound.\n");
        md.append("\n### Latency at fixed offered loads (1,000 subscribers, 100 B)\n\n");
        md.append("Publish intended time to receive time, ms (p50 / p99 / p99.9 / max). `-` = the server was past saturation "
                + "before that step.\n\n![latency](bench/latency-vs-offered-load.png)\n\n");
        md.append("| offered deliveries/s | Herald | ws | Socket.IO | Tyrus |\n|---:|---|---|---|---|\n");
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
        md.append("\nCPU during those steps (fraction of one core: server / load generator / everything else on the machine):\n\n");
        md.append("| offered deliveries/s | Herald | ws | Socket.IO | Tyrus |\n|---:|---|---|---|---|\n");
        for (double x : ladder(1000, 100)) {
            md.append(String.format(Locale.ROOT, "| %,.0f |", x));
            for (Server.Kind k : Server.Kind.DOCUMENTED) {
                Results.Fanout f = r.fanout(k, "fanout", 1000, 100);
                Step s = f == null ? null : f.at(x);
                md.append(s == null ? " - |" : String.format(Locale.ROOT, " %.0f%% / %.0f%% / %.0f%% |", s.serverCpu() * 100,
                        s.generatorCpu() * 100, s.otherCpu() * 100));
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
            double h = sat[H.ordinal()];
            double o = sat[peer.ordinal()];
            md.append(Double.isNaN(h) || Double.isNaN(o) || o == 0 ? " - |" : String.format(Locale.ROOT, " %.2fx |", h / o));
        }
        md.append('\n');
    }

    private void channels() {
        md.append("## 2. Many channels: a personal channel and one group of 10 per connection\n\n");
        md.append(String.format(Locale.ROOT, "%,d connections, each subscribed to `b:u<i>` and `b:g<i/10>`; publications go "
                + "round-robin over the %,d groups (each reaches 10 subscribers); 100 B payloads.%n%n", profile.channelConnections(),
                profile.channelConnections() / 10));
        md.append("| connections | payload | Herald | ws | Socket.IO | Tyrus | Herald/ws | Herald/Socket.IO | Herald/Tyrus |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
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
        md.append(String.format(Locale.ROOT, "%d processes x 32 concurrent loops for %.0f s; each loop opens a connection, "
                + "subscribes (Herald: `connect` then `subscribe`), waits for the acknowledgement, closes.%n%n",
                profile.workerProcesses(), profile.churnMillis() / 1000.0));
        md.append("| server | connects+subscribes/s | failed | open->subscribed p50 | p99 | server CPU | Herald ratio |\n|---|---:|---:|---:|---:|---:|---:|\n");
        double herald = r.churns.stream().filter(c -> c.server() == H).mapToDouble(Results.Churn::perSecond).findFirst().orElse(Double.NaN);
        for (Results.Churn c : r.churns) {
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,d | %.1f ms | %.1f ms | %.0f%% | %s |%n", c.server().label,
                    c.perSecond(), c.failures(), c.p50(), c.p99(), c.serverCpu() * 100,
                    c.server() == H ? "" : String.format(Locale.ROOT, "%.2fx", herald / c.perSecond())));
        }
        md.append('\n');
    }

    private void slow() {
        md.append("## 5. Slow consumers: 10% of subscribers stop reading\n\n");
        md.append(String.format(Locale.ROOT, "%,d subscribers of one channel, every 10th stops reading its socket after "
                + "subscribing; %,.0f deliveries/s offered with 1 KiB payloads for %.0f s. Latency is the others'. Herald "
                + "bounds each connection's queue (`limits.outboundQueueBytes`, 1 MiB) and closes a client past it with "
                + "4001; the peers buffer without bound.%n%n", profile.slowSubscribers(), profile.slowRate(),
                profile.slowMillis() / 1000.0));
        md.append("| server | others delivered | others p50 | p99 | p99.9 | max | retained heap before -> after | connections open after |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Results.Slow s : r.slows) {
            Step st = s.step();
            md.append(String.format(Locale.ROOT, "| %s | %,d / %,d | %.1f ms | %.1f ms | %.1f ms | %.0f ms | %.1f -> %.1f MiB | %,d of %,d |%n",
                    s.server().label, st.delivered(), st.expected(), st.p50(), st.p99(), st.p999(), st.max(),
                    s.heapBefore() / 1048576.0, s.heapAfter() / 1048576.0, Math.max(0, s.openAfter() - 1), s.subscribers()));
        }
        md.append('\n');
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
        md.append("- **Same workload for every server:** same channel names, payload bytes, ladder of offered loads and "
                + "warm-up (1 s at the first rung, not recorded). Each scenario runs against every server before the next "
                + "scenario, each in a fresh server process. Herald runs with a bench namespace `b` (clients may publish, "
                + "history on, presence off) and per-connection INFO logging off (the peers log nothing).\n");
        md.append("- Smoke check (CI): `bench/run.sh smoke` runs every scenario against every server at tiny sizes in well "
                + "under a minute and exits non-zero if anything did not deliver.\n");
    }

    private double[] ladder(int n, int p) {
        List<Double> xs = new ArrayList<>();
        for (double rate = profile.ladderStart(); rate <= profile.ladderEnd() * 1.01; rate *= Math.sqrt(2)) {
            double x = Math.round(rate);
            boolean any = false;
            for (Server.Kind k : Server.Kind.DOCUMENTED) {
                Results.Fanout f = r.fanout(k, "fanout", n, p);
                any |= f != null && f.at(x) != null;
            }
            if (any) {
                xs.add(x);
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
        return f != null && f.steps().stream().anyMatch(st -> st.otherCpu() > Scenarios.NOISY);
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
