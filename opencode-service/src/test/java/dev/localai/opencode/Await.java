package dev.localai.opencode;

import dev.localai.opencode.bridge.Bridge;
import dev.localai.standins.upstream.FakeUpstream;
import io.quarkus.arc.Arc;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

/** Waiting for conditions in tests: poll until true or fail with what was awaited; never sleep-and-hope. */
public final class Await {

    private Await() {
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    /** Until {@code /q/health/ready} says UP: OpenCode started, booted and streaming events. */
    public static void ready() {
        until("OpenCode to be READY", Duration.ofSeconds(120),
                () -> given().get("/q/health/ready").statusCode() == 200);
    }

    /**
     * {@link #ready()}, then, once per OpenCode process, one answer through the bridge: OpenCode's first answer
     * after a start takes seconds (it loads the provider's SDK), which tests that time their answers must not
     * count. Then until no session is in flight: an answer returns before its session is deleted, and its place
     * is held until then, so a test that counts free places must not start on a place still closing. Leaves the
     * fake fresh.
     */
    public static void ready(FakeUpstream fake) {
        fake.reset();
        ready();
        String instance = given().get("/q/health/ready").jsonPath().getString("checks[0].data.url");
        if (!instance.equals(warmed)) {
            given().contentType("application/json").body(Chat.request("glm-4.7", "user", "warm up").toString())
                    .post("/v1/chat/completions").then().statusCode(200);
            warmed = instance;
        }
        Bridge bridge = Arc.container().instance(Bridge.class).get();
        until("every earlier session to be closed (" + bridge.inFlight() + " in flight)", Duration.ofSeconds(30),
                () -> bridge.inFlight() == 0);
        fake.reset();
    }

    private static String warmed;
}
