package dev.localai.inference.serving.config;

import dev.localai.inference.EngineKind;
import dev.localai.inference.ModelSpec;
import dev.localai.inference.gguf.TinyLlama;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns {@link InferenceConfig} into the library's {@link ModelSpec}s. A llama.cpp model without a
 * path gets the tiny demo model, generated on first start into the data dir as {@code <name>.gguf}.
 * A wrong value fails the start with its key path, e.g. {@code inference.models.x.url: not a URL}.
 */
public final class ModelSpecs {

    private ModelSpecs() {
    }

    public static List<ModelSpec> from(InferenceConfig config) {
        List<ModelSpec> specs = new ArrayList<>();
        for (Map.Entry<String, InferenceConfig.Model> e : config.models().entrySet()) {
            specs.add(spec(e.getKey(), e.getValue(), config.dataDir()));
        }
        return specs;
    }

    public static ModelSpec spec(String name, InferenceConfig.Model m, Path dataDir) {
        String key = "inference.models." + name;
        EngineKind engine;
        try {
            engine = EngineKind.parse(m.engine());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ".engine: " + e.getMessage());
        }
        Path path = null;
        String url = null;
        if (engine == EngineKind.LLAMA_CPP) {
            path = m.path().orElseGet(() -> demoModel(dataDir.resolve(name + ".gguf"), m.demoSeed()));
        } else {
            url = m.url().orElseThrow(() -> new IllegalArgumentException(key + ".url: required for " + engine.wireName()));
            if (!validUrl(url)) {
                throw new IllegalArgumentException(key + ".url: not an http(s) URL: " + url);
            }
        }
        if (m.slots() < 1) {
            throw new IllegalArgumentException(key + ".slots: must be at least 1");
        }
        if (m.queue() < 0) {
            throw new IllegalArgumentException(key + ".queue: must not be negative");
        }
        return new ModelSpec(name, engine, path, url, m.remoteModel().orElse(null), m.command().orElse(List.of()),
                m.ctxSize(), m.threads(), m.slots(), m.queue(), m.memoryMb(), m.idleTtl(), m.preload(), m.embeddings(),
                m.startTimeout());
    }

    private static Path demoModel(Path file, long seed) {
        try {
            return TinyLlama.ensure(file.toAbsolutePath(), seed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo model " + file, e);
        }
    }

    private static boolean validUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
