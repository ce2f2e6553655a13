package io.herald.war;

import io.herald.testing.WsTestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import jakarta.websocket.CloseReason;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How {@code java -jar herald.war} stops and refuses to start, as a service manager and a newcomer see
 * it: signals drain, a taken port is one line, {@code --help} and {@code --version} answer.
 */
@Tag("integration")
class StandaloneStopIT {
    private static final int DRAIN_SECONDS = 2;

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"TERM", "INT"})
    void aStopSignalDrainsEveryClientWith1001AndExitsZero(String signal, @TempDir Path dir) throws Exception {
        Path config = dir.resolve("herald.json");
        Files.writeString(config, "{\"server\":{\"host\":\"127.0.0.1\",\"port\":0},\"shutdownDrainSeconds\":" + DRAIN_SECONDS + "}");
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        List<WsTestClient> clients = new ArrayList<>();
        try (WarProcess war = new WarProcess(List.of("-Djava.io.tmpdir=" + tmp), "--config", config.toString())) {
            int port = war.port();
            for (int i = 0; i < 5; i++) {
                WsTestClient client = WsTestClient.connected(URI.create("ws://127.0.0.1:" + port + "/ws"), "c" + i);
                client.result("subscribe", ",\"channel\":\"news\"");
                clients.add(client);
            }
            long signalled = System.nanoTime();
            war.signal(signal);
            for (WsTestClient client : clients) {
                CloseReason reason = client.awaitClose(Duration.ofSeconds(DRAIN_SECONDS + 5));
                assertEquals(1001, reason.getCloseCode().getCode(), "close code after SIG" + signal);
            }
            long drainMillis = (System.nanoTime() - signalled) / 1_000_000;
            assertTrue(drainMillis < (DRAIN_SECONDS + 3) * 1000L, "all clients closed within the drain window, took " + drainMillis + " ms");
            assertEquals(0, war.awaitExit(Duration.ofSeconds(DRAIN_SECONDS + 15)), "exit code after SIG" + signal);
            List<String> output = war.output();
            assertTrue(output.stream().noneMatch(l -> l.contains("Exception") || l.contains("Error")), String.join("\n", output));
            try (Stream<Path> left = Files.list(tmp)) {
                assertEquals(List.of(), left.toList(), "the unpacked WAR is deleted after the drain");
            }
        } finally {
            for (WsTestClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void aTakenPortIsOneLineAndExitCodeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            try (WarProcess war = new WarProcess("--port", Integer.toString(port), "--host", "127.0.0.1")) {
                assertEquals(1, war.awaitExit(Duration.ofSeconds(30)));
                List<String> output = war.output();
                assertTrue(output.contains("herald: port " + port + " on 127.0.0.1 is in use; choose another with --port"),
                        String.join("\n", output));
                assertTrue(output.stream().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")),
                        "no stack trace: " + String.join("\n", output));
            }
        }
    }

    @Test
    void helpListsEveryOptionTheEnvironmentAndTheDocsAndExitsZero() throws Exception {
        try (WarProcess war = new WarProcess("--help")) {
            assertEquals(0, war.awaitExit(Duration.ofSeconds(30)));
            String help = String.join("\n", war.output());
            for (String expected : List.of("--port N", "--host H", "--config FILE", "--help", "--version", "HERALD_CONFIG",
                    "HERALD_LIMITS_MAX_MESSAGE_BYTES", "SIGTERM", "docs/configuration.md")) {
                assertTrue(help.contains(expected), "help mentions " + expected + ":\n" + help);
            }
            assertTrue(!help.contains("Herald listening"), "help does not start the server");
        }
    }

    @Test
    void versionPrintsThePomVersionAndExitsZero() throws Exception {
        try (WarProcess war = new WarProcess("--version")) {
            assertEquals(0, war.awaitExit(Duration.ofSeconds(30)));
            assertEquals(List.of("herald " + System.getProperty("herald.version")), war.output());
        }
    }

    @Test
    void anUnknownOptionExitsTwoWithTheUsage() throws Exception {
        try (WarProcess war = new WarProcess("--nope")) {
            assertEquals(2, war.awaitExit(Duration.ofSeconds(30)));
            List<String> output = war.output();
            assertEquals("herald: unknown option --nope", output.get(0));
            assertTrue(output.get(1).startsWith("usage: java -jar herald.war"), output.toString());
        }
    }
}
