package dev.localai.router.rest;

import dev.localai.testsupport.postgres.PostgresResource;
import dev.localai.testsupport.quarkus.FakeUpstreamResource;
import dev.localai.testsupport.quarkus.InjectFakeUpstream;
import dev.localai.standins.upstream.Behaviour;
import dev.localai.standins.upstream.FakeUpstream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.localai.router.rest.ChatCompletionsTest.chat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connections that send nothing useful are closed after the idle timeout (1 s here), so they cannot
 * pile up; a request in flight is never cut by it, however long its backend is silent.
 */
@QuarkusTest
@TestProfile(IdleConnectionsTest.Profile.class)
class IdleConnectionsTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresResource.class),
                    new TestResourceEntry(FakeUpstreamResource.class, Map.of("idle-timeout", "10s")));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", "1s");
        }
    }

    @InjectFakeUpstream
    FakeUpstream fake;

    @TestHTTPResource("/")
    URI base;

    @Test
    void halfSentRequestsAreClosedAfterTheIdleTimeout() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                Socket socket = new Socket(base.getHost(), base.getPort());
                socket.getOutputStream().write("POST /v1/chat/compl".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                sockets.add(socket);
            }
            for (Socket socket : sockets) {
                assertTrue(closedByServer(socket, Duration.ofSeconds(20)), "a half-sent request line was kept open");
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void aBodyThatStopsArrivingIsClosedToo() throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: "
                    + "application/json\r\nContent-Length: 100\r\n\r\n{\"mess").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertTrue(closedByServer(socket, Duration.ofSeconds(20)), "a stalled body was kept open");
        }
    }

    @Test
    void aRequestWaitingLongerThanTheIdleTimeoutForItsAnswerIsNotCut() {
        fake.reset();
        fake.behave(Behaviour.normal().headerDelay(Duration.ofMillis(2500)));
        given().contentType("application/json").body(chat("auto", false)).post("/v1/chat/completions").then()
                .statusCode(200);
        fake.behave(Behaviour.normal().firstChunkDelay(Duration.ofMillis(2500)));
        String stream = given().contentType("application/json").body(chat("auto", true))
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        assertTrue(stream.trim().endsWith("data: [DONE]"), stream);
        assertEquals(false, stream.contains("\"error\""), stream);
    }

    @Test
    void aKeptAliveConnectionStillServesItsNextRequestsWithinTheTimeout() throws Exception {
        fake.reset();
        byte[] body = chat("auto", false).getBytes(StandardCharsets.UTF_8);
        String request = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n" + new String(body, StandardCharsets.UTF_8);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            for (int i = 0; i < 3; i++) {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                String head = readResponse(socket.getInputStream());
                assertTrue(head.startsWith("HTTP/1.1 200"), head);
            }
            assertTrue(closedByServer(socket, Duration.ofSeconds(20)), "then an idle keep-alive connection is closed");
        }
        given().get("/q/health/live").then().statusCode(200).body(containsString("UP"));
    }

    /** Reads one whole response (headers and a Content-Length body) and returns its head. */
    private static String readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("closed mid-response: " + head);
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        in.readNBytes(length);
        return head.toString();
    }

    /** True when the server closes the connection (or answers and closes) within {@code within}. */
    private static boolean closedByServer(Socket socket, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        socket.setSoTimeout(200);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (System.nanoTime() < deadline) {
            try {
                if (in.read(buffer) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException stillOpen) {
                // keep waiting
            } catch (java.net.SocketException reset) {
                return true;
            }
        }
        return false;
    }
}
