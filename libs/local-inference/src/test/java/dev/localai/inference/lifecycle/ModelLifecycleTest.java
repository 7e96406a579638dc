package dev.localai.inference.lifecycle;

import dev.localai.inference.Cancellation;
import dev.localai.inference.Generation;
import dev.localai.inference.GenerationRequest;
import dev.localai.inference.ModelSpec;
import dev.localai.inference.ModelState;
import dev.localai.inference.ModelUnavailableException;
import dev.localai.inference.QueueFullException;
import dev.localai.inference.TestModels;
import dev.localai.inference.UnknownModelException;
import dev.localai.inference.engine.Engines;
import dev.localai.inference.engine.llamacpp.LlamaCppEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.localai.inference.Await.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelLifecycleTest {

    private static final GenerationRequest FOUR = GenerationRequest.completion("Hi", 4).withSampling(0.0, null, 1L);
    private ModelManager manager;

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
    }

    private ModelManager start(ModelManager.Settings settings, ModelSpec... specs) {
        manager = new ModelManager(List.of(specs), new Engines(new LlamaCppEngine()),
                settings.withReapInterval(Duration.ofMillis(20)), InferenceListener.NONE).start();
        return manager;
    }

    @Test
    void loadsOnTheFirstRequest() {
        ManagedModel model = start(ModelManager.Settings.defaults(), TestModels.spec("a")).model("a");
        assertEquals(ModelState.NOT_LOADED, model.state());
        Generation g = model.generate(FOUR, s -> { }, Cancellation.none());
        assertEquals(4, g.completionTokens());
        assertEquals(ModelState.READY, model.state());
        assertNotNull(model.status().loadTime());
        assertNotNull(model.status().lastUse());
        assertTrue(model.status().tokensPerSecond() > 0);
    }

    @Test
    void isInUseWhileARequestHoldsASlot() {
        ManagedModel model = start(ModelManager.Settings.defaults(), TestModels.spec("a")).model("a");
        try (Lease lease = model.acquire(Cancellation.none())) {
            assertNotNull(lease);
            assertEquals(ModelState.IN_USE, model.state());
            assertEquals(1, model.status().inFlight());
        }
        assertEquals(ModelState.READY, model.state());
        assertEquals(0, model.status().inFlight());
    }

    @Test
    void unloadsAfterIdleTtl() {
        ManagedModel model = start(ModelManager.Settings.defaults(),
                TestModels.spec("a").withIdleTtl(Duration.ofMillis(150))).model("a");
        model.generate(FOUR, s -> { }, Cancellation.none());
        assertEquals(ModelState.READY, model.state());
        awaitTrue(() -> model.state() == ModelState.NOT_LOADED, Duration.ofSeconds(3));
    }

    @Test
    void neverUnloadsWhileARequestIsInFlight() throws InterruptedException {
        ManagedModel model = start(ModelManager.Settings.defaults(),
                TestModels.spec("a").withIdleTtl(Duration.ofMillis(50))).model("a");
        try (Lease lease = model.acquire(Cancellation.none())) {
            Thread.sleep(300);
            assertEquals(ModelState.IN_USE, model.state());
            assertEquals(false, model.unload());
        }
        awaitTrue(() -> model.state() == ModelState.NOT_LOADED, Duration.ofSeconds(3));
    }

    @Test
    void evictsTheLeastRecentlyUsedIdleModelWhenTheBudgetIsFull() throws InterruptedException {
        ModelManager models = start(ModelManager.Settings.defaults().withBudget(1000),
                TestModels.spec("a").withMemory(400), TestModels.spec("b").withMemory(400),
                TestModels.spec("c").withMemory(400));
        models.model("a").load();
        Thread.sleep(5);
        models.model("b").load();
        Thread.sleep(5);
        models.model("a").generate(FOUR, s -> { }, Cancellation.none());    // b is now the least recently used
        models.model("c").load();
        assertEquals(ModelState.READY, models.model("a").state());
        assertEquals(ModelState.NOT_LOADED, models.model("b").state());
        assertEquals(ModelState.READY, models.model("c").state());
    }

    @Test
    void refusesToLoadWhenOnlyBusyModelsHoldTheBudget() {
        ModelManager models = start(ModelManager.Settings.defaults().withBudget(500),
                TestModels.spec("a").withMemory(400), TestModels.spec("b").withMemory(400));
        try (Lease busy = models.model("a").acquire(Cancellation.none())) {
            ModelUnavailableException e = assertThrows(ModelUnavailableException.class, () -> models.model("b").load());
            assertTrue(e.getMessage().contains("only 100 of 500 MB are free"), e.getMessage());
            assertEquals(ModelState.IN_USE, models.model("a").state());
        }
    }

    @Test
    void refusesWhenEverySlotIsBusyAndTheQueueIsFull() throws Exception {
        ManagedModel model = start(ModelManager.Settings.defaults(), TestModels.spec("a").withSlots(1, 1)).model("a");
        try (Lease held = model.acquire(Cancellation.none())) {
            Cancellation waiting = new Cancellation();
            CompletableFuture<Generation> queued = CompletableFuture.supplyAsync(
                    () -> model.generate(FOUR, s -> { }, waiting));
            awaitTrue(() -> model.status().queued() == 1, Duration.ofSeconds(2));
            QueueFullException e = assertThrows(QueueFullException.class,
                    () -> model.generate(FOUR, s -> { }, Cancellation.none()));
            assertEquals(Duration.ofSeconds(1), e.retryAfter());
            waiting.cancel();
            assertEquals(Generation.CANCELLED, queued.get().finishReason());
        }
        assertEquals(0, model.status().queued());
        assertEquals(4, model.generate(FOUR, s -> { }, Cancellation.none()).completionTokens());
    }

    @Test
    void servesAQueuedRequestOnceTheSlotIsFree() throws Exception {
        ManagedModel model = start(ModelManager.Settings.defaults(), TestModels.spec("a").withSlots(1, 1)).model("a");
        CompletableFuture<Generation> queued;
        try (Lease held = model.acquire(Cancellation.none())) {
            queued = CompletableFuture.supplyAsync(() -> model.generate(FOUR, s -> { }, Cancellation.none()));
            awaitTrue(() -> model.status().queued() == 1, Duration.ofSeconds(2));
        }
        assertEquals(4, queued.get().completionTokens());
    }

    @Test
    void aCorruptFilePutsTheModelInErrorWithAReadableReason() throws Exception {
        Path corrupt = Files.writeString(TestModels.dir().resolve("corrupt.gguf"), "GGUF but not really");
        ManagedModel model = start(ModelManager.Settings.defaults(), ModelSpec.llamaCpp("broken", corrupt)).model("broken");
        ModelUnavailableException e = assertThrows(ModelUnavailableException.class,
                () -> model.generate(FOUR, s -> { }, Cancellation.none()));
        assertTrue(e.getMessage().contains("truncated GGUF file"), e.getMessage());
        assertEquals(ModelState.ERROR, model.state());
        assertTrue(model.status().reason().startsWith("truncated GGUF file"), model.status().reason());
        assertThrows(ModelUnavailableException.class, () -> model.generate(FOUR, s -> { }, Cancellation.none()));
        assertTrue(model.unload());
        assertEquals(ModelState.NOT_LOADED, model.state());
        assertNull(model.status().reason());
    }

    @Test
    void aMissingFileSaysFileNotFound() {
        ManagedModel model = start(ModelManager.Settings.defaults(),
                ModelSpec.llamaCpp("gone", TestModels.dir().resolve("gone.gguf"))).model("gone");
        assertThrows(ModelUnavailableException.class, model::load);
        assertTrue(model.status().reason().startsWith("file not found"), model.status().reason());
    }

    @Test
    void preloadsModelsMarkedSoAtStart() {
        ManagedModel model = start(ModelManager.Settings.defaults(), TestModels.spec("a").withPreload(true)).model("a");
        awaitTrue(() -> model.state() == ModelState.READY, Duration.ofSeconds(5));
    }

    @Test
    void anUnknownNameIsAnUnknownModel() {
        ModelManager models = start(ModelManager.Settings.defaults(), TestModels.spec("a"));
        assertThrows(UnknownModelException.class, () -> models.model("b"));
    }
}
