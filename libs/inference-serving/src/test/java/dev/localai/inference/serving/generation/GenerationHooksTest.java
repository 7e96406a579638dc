package dev.localai.inference.serving.generation;

import dev.localai.openai.ApiException;
import dev.localai.inference.Cancellation;
import io.vertx.core.http.HttpServerRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GenerationHooksTest {

    /** Records what it is told under its name; refuses and cancels when asked to. */
    private record Recorder(String name, List<String> log, ApiException refuse, ApiException cancelled)
            implements GenerationHooks {
        @Override
        public void admit(InferenceCall call, HttpServerRequest request, byte[] body) {
            log.add(name + " admit");
            if (refuse != null) {
                throw refuse;
            }
        }

        @Override
        public void begin(InferenceCall call, Cancellation cancellation) {
            log.add(name + " begin");
        }

        @Override
        public void firstToken(InferenceCall call, Duration sinceArrival) {
            log.add(name + " first " + sinceArrival.toMillis());
        }

        @Override
        public void clientLeft(InferenceCall call) {
            log.add(name + " left");
        }

        @Override
        public ApiException cancelledByService(Cancellation cancellation) {
            log.add(name + " cancelled?");
            return cancelled;
        }

        @Override
        public void finished(InferenceCall call, Cancellation cancellation) {
            log.add(name + " finished");
        }
    }

    @Test
    void noneAndOneAreThemselves() {
        assertSame(GenerationHooks.NONE, GenerationHooks.all(List.of()));
        Recorder one = new Recorder("a", new ArrayList<>(), null, null);
        assertSame(one, GenerationHooks.all(List.of(one)));
    }

    @Test
    void everyHookHearsEverythingInOrder() {
        List<String> log = new ArrayList<>();
        GenerationHooks both = GenerationHooks.all(List.of(new Recorder("a", log, null, null),
                new Recorder("b", log, null, null)));
        Cancellation c = new Cancellation();
        both.admit(null, null, new byte[0]);
        both.begin(null, c);
        both.firstToken(null, Duration.ofMillis(7));
        both.clientLeft(null);
        assertEquals(null, both.cancelledByService(c));
        both.finished(null, c);
        assertEquals(List.of("a admit", "b admit", "a begin", "b begin", "a first 7", "b first 7", "a left", "b left",
                "a cancelled?", "b cancelled?", "a finished", "b finished"), log);
    }

    @Test
    void theFirstToRefuseRefusesAndTheFirstThatCancelledSaysWhy() {
        List<String> log = new ArrayList<>();
        ApiException busy = ApiException.badRequest("no", null, null);
        ApiException gaming = ApiException.badRequest("gaming", null, null);
        GenerationHooks all = GenerationHooks.all(List.of(new Recorder("a", log, busy, null),
                new Recorder("b", log, null, gaming), new Recorder("c", log, null, ApiException.badRequest("c", null, null))));
        assertSame(busy, assertThrows(ApiException.class, () -> all.admit(null, null, new byte[0])));
        assertEquals(List.of("a admit"), log);
        assertSame(gaming, all.cancelledByService(new Cancellation()));
    }
}
