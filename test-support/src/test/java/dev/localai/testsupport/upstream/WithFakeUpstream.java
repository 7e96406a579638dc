package dev.localai.testsupport.upstream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One fake per test class, reset before each test to answer "one two three four"; {@link #wire} talks to it. */
abstract class WithFakeUpstream {

    static FakeUpstream fake;
    Wire wire;

    @BeforeAll
    static void start() {
        fake = FakeUpstream.start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void reset() {
        fake.reset();
        fake.answer("one two three four");
        wire = new Wire(fake.baseUrl());
    }
}
