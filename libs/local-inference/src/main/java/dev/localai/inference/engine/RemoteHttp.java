package dev.localai.inference.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.inference.Cancellation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/** JSON over the JDK HTTP client for the remote engines: small requests, and streamed answers read line by line. */
public final class RemoteHttp {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;

    public RemoteHttp(HttpClient client) {
        this.client = client;
    }

    /** GET, answering the parsed JSON body. */
    public JsonNode get(String url, Duration timeout) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build());
    }

    /** POST a JSON body, answering the parsed JSON body. */
    public JsonNode post(String url, Object body, Duration timeout) throws IOException {
        return send(jsonPost(url, body).timeout(timeout).build());
    }

    /** GET answering only the status code; -1 when the server cannot be reached. */
    public int status(String url, Duration timeout) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * POST a JSON body and hand each line of the answer to {@code onLine} until it returns false, the
     * answer ends, or {@code cancellation} is raised (which also closes the connection, and stops waiting
     * for an answer that has not started yet, e.g. while the server is still loading the model).
     */
    public void streamLines(String url, Object body, Cancellation cancellation, Predicate<String> onLine)
            throws IOException {
        CompletableFuture<HttpResponse<InputStream>> pending = client.sendAsync(jsonPost(url, body).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        cancellation.onCancel(() -> pending.cancel(true));
        HttpResponse<InputStream> response;
        try {
            response = pending.get();
        } catch (CancellationException e) {
            return;
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (cancellation.isCancelled()) {
                return;
            }
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        try (InputStream stream = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw new RemoteException(response.statusCode(), new String(stream.readNBytes(4096), StandardCharsets.UTF_8));
            }
            cancellation.onCancel(() -> closeQuietly(stream));
            BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
            String line;
            while (!cancellation.isCancelled() && (line = lines.readLine()) != null) {
                if (!onLine.test(line)) {
                    return;
                }
            }
        } catch (IOException e) {
            if (!cancellation.isCancelled()) {
                throw e;
            }
        }
    }

    private static HttpRequest.Builder jsonPost(String url, Object body) throws IOException {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    }

    private JsonNode send(HttpRequest request) throws IOException {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 != 2) {
                throw new RemoteException(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // the connection is being dropped anyway
        }
    }

    /**
     * Why a call failed, in words: for an error answer the server's own message (Ollama's
     * {@code {"error": "..."}} or OpenAI's {@code {"error": {"message": "..."}}}) and the status, else the
     * I/O failure (the JDK often gives a refused connection no message).
     */
    public static String reason(IOException e) {
        if (e instanceof RemoteException remote) {
            String message = remote.getMessage();
            try {
                JsonNode error = JSON.readTree(remote.body()).path("error");
                JsonNode text = error.isTextual() ? error : error.path("message");
                if (text.isTextual() && !text.asText().isBlank()) {
                    message = text.asText();
                }
            } catch (IOException notJson) {
                // keep the body as it came
            }
            return message + " (HTTP " + remote.status() + ")";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
    }

    /**
     * A 400 that says the prompt does not fit the server's context: llama-server's {@code exceed_context_size_error}
     * ("the request exceeds the available context size"), OpenAI's and vLLM's {@code context_length_exceeded} or
     * "maximum context length", older llama.cpp's "too big compared to KV size".
     */
    public static boolean contextOverflow(IOException e) {
        if (!(e instanceof RemoteException remote) || remote.status() != 400) {
            return false;
        }
        String body = remote.body().toLowerCase(java.util.Locale.ROOT);
        return body.contains("exceed_context_size") || body.contains("context_length_exceeded")
                || body.contains("maximum context length") || body.contains("exceeds the available context size")
                || body.contains("compared to kv size");
    }

    /** The server answered with a non-2xx status. */
    public static final class RemoteException extends IOException {
        private final int status;
        private final String body;

        public RemoteException(int status, String body) {
            super("HTTP " + status + ": " + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        /** The answer's body as text (of a streamed answer, its first 4 KB). */
        public String body() {
            return body;
        }
    }
}
