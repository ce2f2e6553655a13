package io.herald.e2e;

import io.herald.testing.HttpStreamClient;
import io.herald.testing.HttpStreamClient.Kind;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP transport scenarios over SSE, plus what only SSE has: event ids that carry the client's
 * positions, and a reconnect that sends one back as {@code Last-Event-ID} (as EventSource does) resuming
 * every channel through the recovery, gap-free, or with {@code recovered: false}. A raw HTTP client sends
 * the header here; the browser's own EventSource does in {@code EventSourceResumeBrowserTest}.
 */
public abstract class SseResumeScenarios extends HttpStreamScenarios {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String CONNECT = "{\"id\":1,\"type\":\"connect\",\"name\":\"again\"}";

    @Override
    protected final Kind kind() {
        return Kind.SSE;
    }

    private void publish(String channel, int n) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(target().httpUri("/api/publish")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + HeraldTarget.API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"" + channel + "\",\"data\":{\"n\":" + n + "}}"))
                .build();
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    private static String sub(String channel) {
        return ",\"channel\":\"" + channel + "\"";
    }

    private HttpStreamClient reopen(String lastEventId) throws Exception {
        HttpStreamClient c = HttpStreamClient.open(Kind.SSE, base(), CONNECT, Map.of("Last-Event-ID", lastEventId));
        assertEquals(200, c.status());
        assertTrue(c.awaitReply(1).containsKey("result"), "connected");
        return c;
    }

    private static JsonObject awaitResume(HttpStreamClient c, String channel) throws InterruptedException {
        return c.awaitPush("resume", channel);
    }

    private static List<Integer> data(JsonArray publications) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < publications.size(); i++) {
            out.add(publications.getJsonObject(i).getJsonObject("data").getInt("n"));
        }
        return out;
    }

    private static String last(List<String> ids) {
        assertFalse(ids.isEmpty(), "the stream wrote event ids");
        return ids.get(ids.size() - 1);
    }

    @Test
    void reconnectWithLastEventIdResumesEveryChannelGapFree() throws Exception {
        String news = unique("news-");
        String room = unique("chat:r-");
        String gone = unique("gone-");
        String newsEpoch;
        String roomEpoch;
        String lastId;
        try (HttpStreamClient first = client("r")) {
            newsEpoch = first.result("subscribe", sub(news)).getString("epoch");
            roomEpoch = first.result("subscribe", sub(room)).getString("epoch");
            first.result("subscribe", sub(gone));
            first.result("unsubscribe", sub(gone));
            publish(news, 1);
            publish(news, 2);
            publish(room, 1);
            assertEquals(1, first.awaitPush("pub", news).getInt("offset"));
            assertEquals(2, first.awaitPush("pub", news).getInt("offset"));
            assertEquals(1, first.awaitPush("pub", room).getInt("offset"));
            lastId = last(first.eventIds());
            assertEquals("h1;" + news + "," + newsEpoch + ",2;" + room + "," + roomEpoch + ",1", lastId,
                    "the id carries each subscribed channel's position (not the unsubscribed one)");
        } // the stream drops
        publish(news, 3);
        publish(news, 4);
        publish(room, 2);
        try (HttpStreamClient again = reopen(lastId)) {
            JsonObject newsResume = awaitResume(again, news);
            JsonObject result = newsResume.getJsonObject("result");
            assertTrue(result.getBoolean("recovered"), newsResume.toString());
            assertEquals(newsEpoch, result.getString("epoch"));
            assertEquals(4, result.getInt("offset"));
            assertEquals(List.of(3, 4), data(result.getJsonArray("publications")));
            JsonObject roomResult = awaitResume(again, room).getJsonObject("result");
            assertTrue(roomResult.getBoolean("recovered"));
            assertEquals(List.of(2), data(roomResult.getJsonArray("publications")));
            assertEquals("h1;" + news + "," + newsEpoch + ",4;" + room + "," + roomEpoch + ",2", last(again.eventIds()));
            publish(news, 5);
            assertEquals(5, again.awaitPush("pub", news).getInt("offset"), "live again right after the resume");
            assertEquals("h1;" + news + "," + newsEpoch + ",5;" + room + "," + roomEpoch + ",2", last(again.eventIds()));
            JsonObject twice = again.request("subscribe", sub(news));
            assertEquals("already_subscribed", twice.getJsonObject("error").getString("code"), "resumed, not a copy");
        }
    }

    @Test
    void aPositionNoLongerInHistoryResumesWithRecoveredFalseAndGoesLive() throws Exception {
        String news = unique("news-");
        publish(news, 1);
        publish(news, 2);
        try (HttpStreamClient again = reopen("h1;" + news + ",another-epoch,1")) {
            JsonObject result = awaitResume(again, news).getJsonObject("result");
            assertFalse(result.getBoolean("recovered"), result.toString());
            assertEquals(2, result.getInt("offset"));
            assertEquals(0, result.getJsonArray("publications").size());
            publish(news, 3);
            assertEquals(3, again.awaitPush("pub", news).getInt("offset"));
        }
    }

    @Test
    void withoutConnectInTheUrlTheResumeWaitsForTheConnectPost() throws Exception {
        String news = unique("news-");
        String epoch;
        try (HttpStreamClient first = client("p")) {
            epoch = first.result("subscribe", sub(news)).getString("epoch");
        }
        publish(news, 1);
        HttpStreamClient again = HttpStreamClient.open(Kind.SSE, base(), null, Map.of("Last-Event-ID",
                "h1;" + news + "," + epoch + ",0"));
        try {
            assertEquals(204, again.post(CONNECT).statusCode());
            assertTrue(again.awaitReply(1).containsKey("result"));
            JsonObject result = awaitResume(again, news).getJsonObject("result");
            assertTrue(result.getBoolean("recovered"));
            assertEquals(List.of(1), data(result.getJsonArray("publications")));
        } finally {
            again.close();
        }
    }

    @Test
    void unreadableOrRefusedPositionsAreAnsweredWithResumeErrorsAndTheStreamCarriesOn() throws Exception {
        try (HttpStreamClient c = reopen("0a1b2c3d.AAAAAAAAAAAAAAAAAAAAAA.7")) {
            JsonObject error = c.awaitPush("resume", null).getJsonObject("error");
            assertEquals("bad_request", error.getString("code"), error.toString());
            assertTrue(c.result("ping", "").isEmpty());
        }
        try (HttpStreamClient c = reopen("h1;nowhere:x,,0")) {
            JsonObject resume = awaitResume(c, "nowhere:x");
            assertEquals("unknown_channel", resume.getJsonObject("error").getString("code"), resume.toString());
            assertEquals(List.of(), c.eventIds(), "nothing resumed, no position");
        }
    }

    /** An event id is the client's word, not a grant: a resume passes the same checks as any subscribe. */
    @Test
    void aResumeCannotReachAChannelTheClientCouldNotSubscribeTo() throws Exception {
        try (HttpStreamClient c = reopen("h1;inbox#bob,,0")) {
            JsonObject resume = awaitResume(c, "inbox#bob");
            assertEquals("permission_denied", resume.getJsonObject("error").getString("code"), resume.toString());
        }
    }
}
