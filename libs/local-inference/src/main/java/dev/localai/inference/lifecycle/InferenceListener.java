package dev.localai.inference.lifecycle;

import dev.localai.inference.Generation;
import dev.localai.inference.ModelState;

import java.time.Duration;

/** What the lifecycle reports as it happens, e.g. to metrics. Called on the thread that did the work; must not block. */
public interface InferenceListener {

    InferenceListener NONE = new InferenceListener() {
    };

    default void loaded(String model, Duration loadTime) {
    }

    default void stateChanged(String model, ModelState state) {
    }

    default void generated(String model, Generation generation) {
    }

    default void rejected(String model) {
    }
}
