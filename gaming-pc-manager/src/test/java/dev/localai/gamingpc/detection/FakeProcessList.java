package dev.localai.gamingpc.detection;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/** The process list of the tests: whatever a test says runs. Replaces {@link ProcfsProcessList} in every test. */
@ApplicationScoped
public class FakeProcessList implements ProcessList {

    private final Set<String> running = new CopyOnWriteArraySet<>();

    public void start(String name) {
        running.add(name);
    }

    public void stop(String name) {
        running.remove(name);
    }

    @Override
    public Set<String> names() {
        return Set.copyOf(running);
    }
}
