package dev.localai.router.quality;

import dev.localai.standins.upstream.FakeUpstream;
import dev.localai.testsupport.quarkus.RoutingFileResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ./run.sh}'s pair for a short prompt: the demo 3070 (real llama.cpp on random weights, {@link DemoModelBackend})
 * first, a cloud stand-in behind it; the {@code cascade} tag gets the shipped default plan (checks and
 * self-reported confidence at 0.5, 2 answers, a stream held for 32 tokens or 400 ms).
 */
public class DemoModelResource extends RoutingFileResource {

    static DemoModelBackend DEMO;
    static FakeUpstream CLOUD;

    @Override
    protected String routing() {
        try {
            DEMO = started(DemoModelBackend.start(Files.createDirectories(Path.of("target", "test-models"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CLOUD = started(FakeUpstream.start());
        return "backends:\n"
                + "  gpu-3070: {url: \"" + DEMO.baseUrl() + "\", models: [" + DemoModelBackend.MODEL + "]}\n"
                + "  cloud: {url: \"" + CLOUD.baseUrl() + "\", location: cloud, models: [m]}\n"
                + "cascade: {judges: [checks, confidence], threshold: 0.5, max-attempts: 2,"
                + " hold: {tokens: 32, time: 400ms}}\n"
                + "rules:\n"
                + "  - {name: small-prompt, route: [gpu-3070/" + DemoModelBackend.MODEL + ", cloud/m]}\n";
    }
}
