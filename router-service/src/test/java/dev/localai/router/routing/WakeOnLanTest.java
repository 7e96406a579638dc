package dev.localai.router.routing;

import dev.localai.testsupport.postgres.PostgresResource;
import dev.localai.standins.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A request that needs the sleeping gaming PC wakes it (a magic packet, here to loopback) and waits for it. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = WakeOnLanResource.class, restrictToAnnotatedClass = true)
class WakeOnLanTest {

    static final String BIG = "{\"model\":\"gaming-pc/big-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    static CompletableFuture<Response> sendAsync(String body) {
        return CompletableFuture.supplyAsync(() -> given().contentType("application/json").body(body)
                .post("/v1/chat/completions"));
    }

    /** The router has noticed the PC is off (its status and probes fail), as it would after hours asleep. */
    static void awaitPcKnownDown() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (given().contentType("application/json").body(BIG).post("/v1/route/explain").jsonPath()
                    .getList("signals.unavailable").contains("gaming-pc")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the router never saw the gaming PC as down");
    }

    @Test
    void wakesTheGamingPcAndHoldsTheRequestUntilItAnswers() throws Exception {
        awaitPcKnownDown();
        try (DatagramSocket udp = new DatagramSocket(WakeOnLanResource.udpPort, InetAddress.getLoopbackAddress())) {
            udp.setSoTimeout(5000);
            long start = System.nanoTime();
            CompletableFuture<Response> answer = sendAsync(BIG);
            DatagramPacket packet = new DatagramPacket(new byte[256], 256);
            udp.receive(packet);
            byte[] data = Arrays.copyOf(packet.getData(), packet.getLength());
            assertEquals(102, data.length, "6 x 0xFF and the MAC 16 times");
            assertArrayEquals(new byte[]{-1, -1, -1, -1, -1, -1}, Arrays.copyOf(data, 6));
            byte[] mac = {(byte) 0xaa, (byte) 0xbb, (byte) 0xcc, (byte) 0xdd, (byte) 0xee, (byte) 0xff};
            for (int i = 0; i < 16; i++) {
                assertArrayEquals(mac, Arrays.copyOfRange(data, 6 + i * 6, 12 + i * 6));
            }
            try (FakeUpstream pc = FakeUpstream.start(WakeOnLanResource.pcPort).models("big-model")
                    .statusPage("{\"gaming_mode\":false}").answer("the 3090 is awake")) {
                Response response = answer.get(10, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), response.asString());
                assertEquals("gaming-pc", response.header("X-Router-Backend"));
                assertTrue(response.header("X-Router-Reason").contains("woken by wake-on-lan"),
                        response.header("X-Router-Reason"));
                assertTrue(System.nanoTime() - start < 3_000_000_000L, "answered within the wait");
            }
        }
    }

    @Test
    void aPcThatDoesNotWakeInTimeIsA503AfterTheWait() throws Exception {
        awaitPcKnownDown();
        long start = System.nanoTime();
        Response response = sendAsync(BIG).get(15, TimeUnit.SECONDS);
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(503, response.statusCode(), response.asString());
        assertEquals("no_backend_available", response.jsonPath().getString("error.code"));
        assertTrue(waitedMs >= 2500 && waitedMs < 8000, "held for the configured 3 s, not longer: " + waitedMs + " ms");

        given().contentType("application/json").body(BIG.replace("gaming-pc/big-model", "auto"))
                .post("/v1/chat/completions").then().statusCode(200).header("X-Router-Backend", "local");
    }
}
