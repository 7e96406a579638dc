package dev.localai.mattermost.it;

import dev.localai.standins.mattermost.ChatChannel;
import dev.localai.standins.mattermost.ChatPost;
import dev.localai.standins.mattermost.ChatUser;
import dev.localai.standins.mattermost.MattermostStub;
import dev.localai.standins.upstream.FakeUpstream;
import io.restassured.RestAssured;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/**
 * What an integration test works with: the Mattermost stand-in with the bot's account and two people (alice may use
 * control commands, bob may not), the services the bot was pointed at, and the bot's metrics.
 */
public final class Stack {

    public static final String BOT_TOKEN = "tayne-bot-token";
    public static final String SLASH_TOKEN = "slash-command-token";
    public static final String PC_TOKEN = "gaming-pc-secret";
    static final Duration WAIT = Duration.ofSeconds(30);

    public final MattermostStub mattermost;
    public final ChatUser bot;
    public final ChatUser alice;
    public final ChatUser bob;
    String gamingPcUrl;
    String routerUrl;
    FakeUpstream upstream;
    SilentServer silentPc;

    Stack(MattermostStub mattermost) {
        this.mattermost = mattermost;
        this.bot = mattermost.bot("tayne", BOT_TOKEN);
        this.alice = mattermost.user("alice");
        this.bob = mattermost.user("bob");
    }

    public String gamingPcUrl() {
        return gamingPcUrl;
    }

    public String routerUrl() {
        return routerUrl;
    }

    public FakeUpstream upstream() {
        return upstream;
    }

    public SilentServer silentPc() {
        return silentPc;
    }

    public ChatChannel townSquare() {
        return mattermost.townSquare();
    }

    /** Posts {@code message} as {@code who} in town-square. */
    public ChatPost say(ChatUser who, String message) {
        return mattermost.post(who, townSquare(), message);
    }

    /** The bot's first post in the thread of {@code question} made after it, once its text matches; fails after 30 s. */
    public ChatPost awaitAnswer(ChatPost question, Predicate<String> done) {
        Optional<ChatPost> answer = mattermost.awaitPost(p -> p.userId().equals(bot.id())
                && p.rootId().equals(question.threadId()) && p.createAt() > question.createAt() && done.test(p.message()),
                WAIT);
        return answer.orElseThrow(() -> new AssertionError("no answer to \"" + question.message() + "\" matching within "
                + WAIT + "; the bot's posts: " + mattermost.postsBy(bot).stream().map(ChatPost::message).toList()));
    }

    /** The bot's first post in the thread of {@code question} made after it. */
    public ChatPost awaitAnswer(ChatPost question) {
        return awaitAnswer(question, text -> true);
    }

    /** Every post of the bot's in the thread of {@code question}, made after it. */
    public List<ChatPost> answers(ChatPost question) {
        return mattermost.thread(question).stream().filter(p -> p.userId().equals(bot.id())
                && p.createAt() > question.createAt()).toList();
    }

    /** The bot's Prometheus metrics as text. */
    public String metrics() {
        return given().baseUri("http://127.0.0.1").port(RestAssured.port).accept("text/plain").get("/q/metrics")
                .then().statusCode(200).extract().asString();
    }

    /** The value of one series, e.g. {@code mattermost_bot_posts_ignored_total{reason="own"}}; 0 when absent. */
    public double metric(String series) {
        String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
        List<String> labels = series.contains("{") ? List.of(series.substring(series.indexOf('{') + 1,
                series.length() - 1).split(",")) : List.of();
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(metrics());
        double sum = 0;
        while (line.find()) {
            String have = line.group(1) == null ? "" : line.group(1);
            if (labels.stream().allMatch(have::contains)) {
                sum += Double.parseDouble(line.group(2));
            }
        }
        return sum;
    }

    /** Waits until {@code series} reaches {@code atLeast}; fails after 30 s. */
    public void awaitMetric(String series, double atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (metric(series) < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(series + " stayed below " + atLeast + ":\n" + metrics());
            }
            Thread.sleep(50);
        }
    }
}
