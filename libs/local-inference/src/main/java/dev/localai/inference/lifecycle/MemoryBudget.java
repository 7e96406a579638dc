package dev.localai.inference.lifecycle;

import dev.localai.inference.ModelUnavailableException;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Room for loaded models, in MB (VRAM on a GPU box), shared by all models of a manager. Before a model
 * loads it {@linkplain #reserve reserves} its declared size; when that does not fit, idle models are
 * unloaded, least recently used first, until it does. Models with requests in flight are never evicted.
 * A budget of 0 or less means unlimited.
 */
final class MemoryBudget {

    private final long budgetMb;
    private final Supplier<Collection<ManagedModel>> models;

    MemoryBudget(long budgetMb, Supplier<Collection<ManagedModel>> models) {
        this.budgetMb = budgetMb;
        this.models = models;
    }

    /**
     * Makes room for {@code model} and runs {@code markLoading} while no other reservation can run,
     * so that the model counts as holding memory before the next one is measured.
     *
     * @throws ModelUnavailableException when evicting every idle model would still not make room
     */
    synchronized void reserve(ManagedModel model, Runnable markLoading) {
        long needed = model.spec().memoryMb();
        if (budgetMb > 0 && needed > budgetMb) {
            throw new ModelUnavailableException(model.name(), "The model '" + model.name() + "' needs " + needed
                    + " MB, more than the whole memory budget of " + budgetMb + " MB", null);
        }
        if (budgetMb > 0 && used(model) + needed > budgetMb) {
            List<ManagedModel> idle = models.get().stream()
                    .filter(m -> m != model && m.isIdleLoaded())
                    .sorted(Comparator.comparingLong(ManagedModel::lastUseMillis))
                    .toList();
            for (ManagedModel victim : idle) {
                if (used(model) + needed <= budgetMb) {
                    break;
                }
                victim.evict();
            }
            long used = used(model);
            if (used + needed > budgetMb) {
                String busy = models.get().stream().filter(m -> m != model && m.state().holdsMemory())
                        .map(m -> m.name() + " (" + m.spec().memoryMb() + " MB, " + m.state().wireName() + ")")
                        .collect(Collectors.joining(", "));
                throw new ModelUnavailableException(model.name(), "The model '" + model.name() + "' needs " + needed
                        + " MB but only " + (budgetMb - used) + " of " + budgetMb + " MB are free; in use: " + busy,
                        null);
            }
        }
        markLoading.run();
    }

    /** MB held by the models other than {@code except}. */
    private long used(ManagedModel except) {
        return models.get().stream().filter(m -> m != except && m.state().holdsMemory())
                .mapToLong(m -> m.spec().memoryMb()).sum();
    }

    long budgetMb() {
        return budgetMb;
    }
}
