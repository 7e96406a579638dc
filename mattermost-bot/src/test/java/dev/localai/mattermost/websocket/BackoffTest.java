package dev.localai.mattermost.websocket;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    @Test
    void waitsDoubleUpToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
        assertEquals(Duration.ofSeconds(1), backoff.ceiling(0));
        assertEquals(Duration.ofSeconds(8), backoff.ceiling(3));
        assertEquals(Duration.ofSeconds(60), backoff.ceiling(6));
        assertEquals(Duration.ofSeconds(60), backoff.ceiling(40));
    }

    @Test
    void eachWaitIsDrawnBetweenHalfAndAllOfItsCeilingAndAResetStartsOver() {
        Backoff backoff = new Backoff(Duration.ofMillis(1000), Duration.ofMillis(4000));
        for (int attempt = 0; attempt < 200; attempt++) {
            Duration ceiling = backoff.ceiling(Math.min(attempt, 2));
            Duration wait = backoff.next();
            assertTrue(wait.compareTo(ceiling.dividedBy(2)) >= 0 && wait.compareTo(ceiling) <= 0,
                    "attempt " + attempt + ": " + wait + " within [" + ceiling.dividedBy(2) + ", " + ceiling + "]");
        }
        backoff.reset();
        assertTrue(backoff.next().compareTo(Duration.ofMillis(1000)) <= 0);
    }
}
