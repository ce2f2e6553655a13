package io.herald.bench;

import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The subscriber processes of one measurement, driven over their stdin/stdout
 * (see {@link SubscriberWorker}). Worker {@code w} binds its sockets to loopback addresses
 * 127.0.0.(2+2w) and 127.0.0.(3+2w), so no source address runs out of ephemeral ports.
 */
final class Workers implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final List<BufferedReader> outs = new ArrayList<>();
    private final List<PrintWriter> ins = new ArrayList<>();
    int ready;
    int failed;
    String firstFailure;

    /** Result of one REPORT round over every worker. */
    record Interval(long messages, int closed, Histogram histogram) {
    }

    /**
     * Starts {@code processCount} workers sharing {@code total} connections.
     *
     * @param extra further {@code --key value} options for every worker
     */
    static Workers start(BenchEnv env, Server server, int processCount, int total, String topology,
                         List<String> extra) throws IOException {
        return start(env, server, processCount, total, topology, extra, 0);
    }

    /**
     * As {@link #start(BenchEnv, Server, int, int, String, List)}, connecting from source address block
     * {@code block}: block 0 is 127.0.0.2-3 for the first process, 127.0.0.4-5 for the second, ...; block b >= 1 is
     * 127.1.b.x, eight addresses per process, whose ports no earlier block's TIME_WAIT holds.
     */
    static Workers start(BenchEnv env, Server server, int processCount, int total, String topology,
                         List<String> extra, int block) throws IOException {
        Workers w = new Workers();
        int first = 0;
        for (int i = 0; i < processCount; i++) {
            int count = total / processCount + (i < total % processCount ? 1 : 0);
            List<String> cmd = new ArrayList<>(env.generatorPrefix());
            cmd.addAll(List.of("java", "-Xms128m", "-Xmx1g", "-XX:+UseParallelGC", "-Xss256k",
                    "-cp", env.benchClasspath(), SubscriberWorker.class.getName(),
                    "--wire", server.kind.wire,
                    "--port", Integer.toString(server.subscriberPort),
                    "--count", Integer.toString(count), "--first", Integer.toString(first),
                    "--sources", sources(block, i),
                    "--topology", topology));
            if (!server.prefix.isEmpty()) {
                cmd.addAll(List.of("--prefix", server.prefix));
            }
            cmd.addAll(extra);
            Process p = new ProcessBuilder(cmd)
                    .redirectError(ProcessBuilder.Redirect.appendTo(env.logDir().resolve("workers.log").toFile()))
                    .start();
            w.processes.add(p);
            w.outs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
            w.ins.add(new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8));
            first += count;
        }
        for (BufferedReader out : w.outs) {
            String[] f = w.expect(out, "READY");
            w.ready += Integer.parseInt(f[1]);
            w.failed += Integer.parseInt(f[2]);
            if (f.length > 3 && w.firstFailure == null) {
                w.firstFailure = String.join(" ", java.util.Arrays.copyOfRange(f, 3, f.length));
            }
        }
        return w;
    }

    private static String sources(int block, int process) {
        if (block == 0) {
            return "127.0.0." + (2 + 2 * process) + ",127.0.0." + (3 + 2 * process);
        }
        List<String> out = new ArrayList<>();
        for (int j = 0; j < 8; j++) {
            out.add("127.1." + (1 + (block - 1) % 250) + "." + (2 + 8 * process + j));
        }
        return String.join(",", out);
    }

    /**
     * Starts an interval in every worker; returns the messages counted before it, so that
     * {@code count() - mark()} is exactly what the interval will report.
     */
    long mark() throws IOException {
        return sum("MARK");
    }

    long count() throws IOException {
        return sum("COUNT");
    }

    /** Sends {@code command} to every worker and adds up the number each answers with ({@code <command> <n>}). */
    private long sum(String command) throws IOException {
        for (PrintWriter in : ins) {
            in.println(command);
        }
        long total = 0;
        for (BufferedReader out : outs) {
            total += Long.parseLong(expect(out, command)[1]);
        }
        return total;
    }

    Interval report() throws IOException {
        for (PrintWriter in : ins) {
            in.println("REPORT");
        }
        long messages = 0;
        int closed = 0;
        Histogram merged = new Histogram(SubscriberWorker.HIGHEST_MICROS, 3);
        for (BufferedReader out : outs) {
            String[] f = expect(out, "REPORT");
            messages += Long.parseLong(f[1]);
            closed += Integer.parseInt(f[2]);
            merged.add(decode(f[3]));
        }
        return new Interval(messages, closed, merged);
    }

    /** Makes every worker's marked subscribers stop reading; returns how many did. */
    int stall() throws IOException {
        return (int) sum("STALL");
    }

    /** Makes every worker's stalled subscribers read again; returns how many did. */
    int resume() throws IOException {
        return (int) sum("RESUME");
    }

    /** Runs the churn loop in every worker for {@code millis}; returns cycles, failures and latency. */
    Interval churn(long millis) throws IOException {
        for (PrintWriter in : ins) {
            in.println("CHURN " + millis);
        }
        long cycles = 0;
        int failures = 0;
        Histogram merged = new Histogram(SubscriberWorker.HIGHEST_MICROS, 3);
        for (BufferedReader out : outs) {
            String[] f = expect(out, "CHURN");
            cycles += Long.parseLong(f[1]);
            failures += Integer.parseInt(f[2]);
            merged.add(decode(f[3]));
            if (f.length > 4 && firstFailure == null) {
                firstFailure = String.join(" ", java.util.Arrays.copyOfRange(f, 4, f.length));
            }
        }
        return new Interval(cycles, failures, merged);
    }

    double cpuSeconds() {
        double total = 0;
        for (Process p : processes) {
            total += ProcStats.cpuSeconds(p.pid());
        }
        return total;
    }

    private String[] expect(BufferedReader out, String tag) throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new IOException("a worker exited; see bench/target/logs/workers.log");
        }
        if (!line.startsWith(tag + " ") && !line.equals(tag)) {
            throw new IOException("worker said '" + line + "', expected " + tag);
        }
        return line.split(" ");
    }

    static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalStateException("bad histogram from worker", e);
        }
    }

    @Override
    public void close() {
        for (PrintWriter in : ins) {
            in.println("STOP");
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
