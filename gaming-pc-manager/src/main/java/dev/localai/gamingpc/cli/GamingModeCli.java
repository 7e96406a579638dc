package dev.localai.gamingpc.cli;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code gaming-mode on|off|status [--url URL]}: switches the gaming PC's gaming mode or shows it. The URL
 * comes from {@code --url}, else {@code GAMING_PC_URL}, else {@code http://localhost:8003}; the bearer token
 * from {@code GAMING_PC_TOKEN}. JDK only, so it also runs as a single source file
 * ({@code java GamingModeCli.java status}). Exit codes: 0 done, 1 the service said no, 2 usage, 3 unreachable.
 */
public final class GamingModeCli {

    static final String DEFAULT_URL = "http://localhost:8003";
    private static final Pattern MODE = Pattern.compile("\"gaming_mode\"\\s*:\\s*(true|false)");
    private static final Pattern WHY = Pattern.compile("\"why\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern SINCE = Pattern.compile("\"since\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private GamingModeCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs one command; returns the exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String command = null;
        String url = env.getOrDefault("GAMING_PC_URL", DEFAULT_URL);
        for (int i = 0; i < args.length; i++) {
            if ("--url".equals(args[i]) && i + 1 < args.length) {
                url = args[++i];
            } else if (command == null) {
                command = args[i];
            } else {
                command = "?";
            }
        }
        if (command == null || !command.matches("on|off|status")) {
            err.println("usage: gaming-mode on|off|status [--url URL]   (env: GAMING_PC_URL, GAMING_PC_TOKEN)");
            return 2;
        }
        String base = url.replaceAll("/+$", "");
        HttpRequest.Builder request = "status".equals(command)
                ? HttpRequest.newBuilder(URI.create(base + "/status")).GET()
                : HttpRequest.newBuilder(URI.create(base + "/gaming-mode")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"enabled\":" + "on".equals(command) + "}"));
        String token = env.get("GAMING_PC_TOKEN");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token.trim());
        }
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                err.println("gaming PC answered " + response.statusCode() + ": " + find(MESSAGE, response.body(), response.body()));
                return 1;
            }
            String body = response.body();
            out.println("gaming mode: " + ("true".equals(find(MODE, body, "?")) ? "on" : "off")
                    + " (" + find(WHY, body, "manual") + ", since " + find(SINCE, body, "start") + ")");
            return 0;
        } catch (Exception e) {
            err.println("cannot reach the gaming PC at " + base + ": " + e);
            return 3;
        }
    }

    private static String find(Pattern pattern, String text, String otherwise) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : otherwise;
    }
}
