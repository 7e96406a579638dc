package dev.localai.standins.upstream;

import dev.localai.standins.server.OneStubPerClass;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One fake per test class, reset before each test to answer "one two three four"; {@link #wire} talks to it. */
abstract class WithFakeUpstream {

    @RegisterExtension
    static final OneStubPerClass<FakeUpstream> FAKE = new OneStubPerClass<>(FakeUpstream::start, fresh -> {
        fresh.reset();
        fresh.answer("one two three four");
    });

    final FakeUpstream fake = FAKE.get();
    final Wire wire = new Wire(fake.baseUrl());
}
