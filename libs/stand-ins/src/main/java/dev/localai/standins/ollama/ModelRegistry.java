package dev.localai.standins.ollama;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the stub's Ollama has on disk ({@code GET /api/tags}) and in memory ({@code GET /api/ps}). Names are
 * Ollama's {@code model:tag}: a name without a tag means {@code :latest}, and matching ignores case, as
 * Ollama's {@code getExistingName} does. A loaded model expires at its {@code expires_at} unless a request is in
 * flight on it (checked whenever the registry is read, so no timer is needed). Thread-safe: written on the event
 * loop and by tests.
 */
final class ModelRegistry {

    /** A pulled model; its details are fixed, plausible values (a 3.2B llama in Q4_K_M). */
    private record Pulled(String name, long size, String digest, Instant modifiedAt) {
    }

    private static final class Loaded {
        final Pulled model;
        Instant expiresAt;
        int inFlight;

        Loaded(Pulled model, Instant expiresAt) {
            this.model = model;
            this.expiresAt = expiresAt;
        }
    }

    private final Map<String, Pulled> pulled = new LinkedHashMap<>();   // by lower-case full name
    private final Map<String, Loaded> loaded = new LinkedHashMap<>();

    /** {@code name} with {@code :latest} added when it has no tag. */
    static String fullName(String name) {
        String last = name.substring(name.lastIndexOf('/') + 1);
        return last.contains(":") ? name : name + ":latest";
    }

    private static String key(String name) {
        return fullName(name).toLowerCase(Locale.ROOT);
    }

    synchronized void pull(String name) {
        String full = fullName(name);
        pulled.put(key(name), new Pulled(full, 2_019_393_189L + pulled.size() * 1_000_003L, sha256(full), Instant.now()));
    }

    /** Removes the model from disk and, if loaded, from memory. */
    synchronized void remove(String name) {
        pulled.remove(key(name));
        loaded.remove(key(name));
    }

    synchronized void clear() {
        pulled.clear();
        loaded.clear();
    }

    /** The pulled model's canonical name, or null when it is not pulled. */
    synchronized String resolve(String name) {
        Pulled model = name == null || name.isBlank() ? null : pulled.get(key(name));
        return model == null ? null : model.name();
    }

    synchronized boolean isLoaded(String name) {
        expire();
        return loaded.containsKey(key(name));
    }

    /** Marks the model loaded (a request starts on it); its expiry is set when the request {@link #finish}es. */
    synchronized void start(String name, KeepAlive keepAlive) {
        Pulled model = pulled.get(key(name));
        if (model != null) {
            loaded.computeIfAbsent(key(name), k -> new Loaded(model, keepAlive.expiry(Instant.now()))).inFlight++;
        }
    }

    /** A request on the model ended: from now, it stays for {@code keepAlive}; zero unloads it. */
    synchronized void finish(String name, KeepAlive keepAlive) {
        Loaded entry = loaded.get(key(name));
        if (entry == null) {
            return;
        }
        entry.inFlight = Math.max(0, entry.inFlight - 1);
        entry.expiresAt = keepAlive.expiry(Instant.now());
        if (keepAlive.unloads() && entry.inFlight == 0) {
            loaded.remove(key(name));
        }
    }

    /** Drops the model from memory now (Ollama's {@code expireRunner}, or an eviction behind the client's back). */
    synchronized boolean unload(String name) {
        return loaded.remove(key(name)) != null;
    }

    /** The full names of the loaded models, longest remaining time first, as {@code /api/ps} lists them. */
    synchronized List<String> loadedNames() {
        return sortedLoaded().stream().map(l -> l.model.name()).toList();
    }

    synchronized ObjectNode tags() {
        ObjectNode root = OllamaJson.JSON.createObjectNode();
        var models = root.putArray("models");
        for (Pulled model : pulled.values()) {
            ObjectNode m = models.addObject().put("name", model.name()).put("model", model.name())
                    .put("modified_at", model.modifiedAt().toString()).put("size", model.size())
                    .put("digest", model.digest());
            m.set("details", details());
        }
        return root;
    }

    synchronized ObjectNode ps() {
        ObjectNode root = OllamaJson.JSON.createObjectNode();
        var models = root.putArray("models");
        for (Loaded entry : sortedLoaded()) {
            Pulled model = entry.model;
            ObjectNode m = models.addObject().put("name", model.name()).put("model", model.name())
                    .put("size", model.size()).put("digest", model.digest());
            m.set("details", details());
            m.put("expires_at", entry.expiresAt.toString()).put("size_vram", model.size()).put("context_length", 4096);
        }
        return root;
    }

    private List<Loaded> sortedLoaded() {
        expire();
        List<Loaded> all = new ArrayList<>(loaded.values());
        all.sort(Comparator.comparing((Loaded l) -> l.expiresAt).reversed());
        return all;
    }

    private void expire() {
        Instant now = Instant.now();
        loaded.values().removeIf(l -> l.inFlight == 0 && !l.expiresAt.isAfter(now));
    }

    private static ObjectNode details() {
        ObjectNode details = OllamaJson.JSON.createObjectNode().put("parent_model", "").put("format", "gguf")
                .put("family", "llama");
        details.putArray("families").add("llama");
        return details.put("parameter_size", "3.2B").put("quantization_level", "Q4_K_M");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
