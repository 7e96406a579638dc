package dev.localai.standins.server;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One stub for a test class, as a JUnit extension: started before the first test, made fresh before each test,
 * closed after the last. Register it on a static field and read it when the test instance is made:
 * <pre>{@code
 * @RegisterExtension
 * static final OneStubPerClass<OllamaStub> OLLAMA = new OneStubPerClass<>(OllamaStub::start, OllamaStub::reset);
 * private final OllamaStub stub = OLLAMA.get();
 * }</pre>
 *
 * @param <S> the stub
 */
public final class OneStubPerClass<S extends AutoCloseable>
        implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private final Supplier<S> start;
    private final Consumer<S> fresh;
    private S stub;

    /** {@code start} starts the stub; {@code fresh} (e.g. its {@code reset}) runs before each test. */
    public OneStubPerClass(Supplier<S> start, Consumer<S> fresh) {
        this.start = start;
        this.fresh = fresh;
    }

    /** The running stub; throws outside the test class's lifetime. */
    public S get() {
        if (stub == null) {
            throw new IllegalStateException("no stub: not registered with @RegisterExtension on a static field,"
                    + " or read before the class's first test or after its last");
        }
        return stub;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        stub = start.get();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        fresh.accept(get());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        S started = stub;
        stub = null;
        if (started != null) {
            started.close();
        }
    }
}
