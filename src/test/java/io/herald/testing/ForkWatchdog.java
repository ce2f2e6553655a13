package io.herald.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Timer;
import java.util.TimerTask;

/**
 * The backstop for a hung test JVM: after {@code herald.fork.timeout} seconds (set per surefire/failsafe
 * execution; absent or 0 = never) it writes every thread's stack to {@code fork-timeout-<pid>.txt} in
 * {@code herald.fork.dumpDir} and on stderr, then halts the JVM, so the build fails within bounds
 * instead of eating CI's time. JUnit's per-method timeout catches ordinary hangs first (an interrupt
 * plus a thread dump); this catches what an interrupt cannot stop (a busy loop, a blocking socket
 * read). Surefire's own forkedProcessTimeoutInSeconds dumps threads but here leaves the forked JVM
 * running, and the build waiting on it. Registered for every test JVM via META-INF/services.
 */
public final class ForkWatchdog implements LauncherSessionListener {
    private static Timer timer;

    @Override
    public synchronized void launcherSessionOpened(LauncherSession session) {
        long seconds = Long.getLong("herald.fork.timeout", 0);
        if (seconds <= 0 || timer != null) {
            return;
        }
        timer = new Timer("herald-fork-watchdog", true);
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                expire(seconds);
            }
        }, seconds * 1000);
    }

    private static void expire(long seconds) {
        StringBuilder dump = new StringBuilder("test JVM still running after herald.fork.timeout=" + seconds
                + " s; halting it. Thread dump at " + Instant.now() + ":\n");
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            // ThreadInfo.toString() stops after 8 frames
            dump.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                dump.append(" on ").append(info.getLockName());
            }
            dump.append('\n');
            for (StackTraceElement frame : info.getStackTrace()) {
                dump.append("\tat ").append(frame).append('\n');
            }
            dump.append('\n');
        }
        String dir = System.getProperty("herald.fork.dumpDir", ".");
        Path file = Path.of(dir, "fork-timeout-" + ProcessHandle.current().pid() + ".txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, dump);
        } catch (IOException e) {
            dump.append("(could not write ").append(file).append(": ").append(e).append(")\n");
        }
        System.err.println(dump);
        System.err.println("thread dump: " + file.toAbsolutePath());
        System.err.flush();
        Runtime.getRuntime().halt(3);
    }
}
