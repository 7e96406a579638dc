package dev.localai.inference.lifecycle;

import dev.localai.inference.engine.LoadedModel;

/** A slot held on a loaded model; closing it gives the slot back. Close it exactly once. */
public final class Lease implements AutoCloseable {

    private final ManagedModel owner;
    private final LoadedModel model;
    private boolean closed;

    Lease(ManagedModel owner, LoadedModel model) {
        this.owner = owner;
        this.model = model;
    }

    public LoadedModel model() {
        return model;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            owner.exit();
        }
    }
}
