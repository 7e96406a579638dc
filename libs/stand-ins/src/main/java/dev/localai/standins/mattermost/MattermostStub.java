package dev.localai.standins.mattermost;

import dev.localai.standins.server.LoopbackStub;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A real HTTP/1.1 and WebSocket server that stands in for a Mattermost server, which cannot run here. It follows
 * Mattermost's API v4 reference (https://developers.mattermost.com/api-documentation/, from {@code api/v4/source}:
 * {@code introduction.yaml} for authentication, errors and the WebSocket, {@code users.yaml} and {@code posts.yaml}),
 * checked against the server's code where the reference is silent ({@code server/channels/api4/websocket.go},
 * {@code app/platform/web_conn.go}, {@code web_hub.go}, {@code websocket_router.go}, {@code wsapi/system.go},
 * {@code app/notification.go}, {@code app/command.go}, {@code web/webhook.go}):
 * <ul>
 *   <li>REST ({@link MattermostRoutes}): {@code GET /api/v4/users/me}, {@code POST /api/v4/posts} → 201, edits,
 *       threads, channel posts, slash command execution and response URLs; Mattermost's error body;</li>
 *   <li>the WebSocket ({@link SocketHub}): {@code hello}, {@code seq} per connection, {@code posted} with the post as
 *       a JSON string ({@link Posting}), resuming by {@code connection_id}/{@code sequence_number} with replay from
 *       the dead queue, a new connection id when events were lost, {@code ping}/{@code pong}, the authentication
 *       challenge;</li>
 *   <li>custom slash commands ({@link SlashCommands}), called out to as Mattermost calls them.</li>
 * </ul>
 * One team ({@value MattermostState#TEAM_NAME}) with {@code town-square}; users and bots are made by tests
 * ({@link #user}, {@link #bot}), each with a token. {@link #post} posts as a person would (the WebSocket tells every
 * member, the author included); {@link #awaitPost} waits for what a client (the bot under test) posts.
 *
 * <p>Faults to test a client's recovery: {@link #dropSockets()} (TCP closed, no close frame; the connections stay
 * known, so a resume replays), {@link #forgetConnections()} (as a server restart: a resume gets a new connection id
 * and {@code hello}), {@link #answerPings(boolean) unanswered pings} (a half-dead socket), and
 * {@link #repeatOnNextResume} (the next resume sends events the client had again, as new events, so a client must
 * cope with a post twice). Users, channels and connections survive {@link #reset()}; posts and records do not.
 * Runs on its own Vert.x instance, bound to 127.0.0.1 ({@link LoopbackStub}); the blocking methods must not be called
 * on its event loop.
 */
public final class MattermostStub extends LoopbackStub {

    public static final String TOWN_SQUARE = "town-square";

    private final MattermostState state = new MattermostState();
    private final SocketHub hub;
    private final Posting posting;
    private final SlashCommands slash;
    private final MattermostRoutes routes;

    private MattermostStub() {
        super("Mattermost stub");
        hub = new SocketHub(vertx(), state);
        posting = new Posting(state, hub);
        slash = new SlashCommands(vertx(), state, posting, this::baseUrl);
        routes = new MattermostRoutes(state, posting, slash);
        state.addChannel(TOWN_SQUARE, "O");
    }

    /** Starts on a random free port of 127.0.0.1, with one team and its {@code town-square}; no users yet. */
    public static MattermostStub start() {
        return start(0);
    }

    /** Starts on {@code port} of 127.0.0.1 (0: a random free port). */
    public static MattermostStub start(int port) {
        MattermostStub stub = new MattermostStub();
        stub.listenOrClose(port, stub.routes, stub.hub::upgrade);
        return stub;
    }

    // ---- users and channels

    /** A person, with a token of its own. */
    public ChatUser user(String username) {
        return state.addUser(username, false, null);
    }

    /** A person whose token is {@code token} (for a dev stack a user can type into curl). */
    public ChatUser user(String username, String token) {
        return state.addUser(username, false, Objects.requireNonNull(token, "token"));
    }

    /** A bot account; its token works as a bot access token. */
    public ChatUser bot(String username) {
        return state.addUser(username, true, null);
    }

    public ChatUser bot(String username, String token) {
        return state.addUser(username, true, Objects.requireNonNull(token, "token"));
    }

    public ChatChannel townSquare() {
        return state.channelNamed(TOWN_SQUARE).orElseThrow();
    }

    /** A public channel everyone reads. */
    public ChatChannel channel(String name) {
        return state.channelNamed(name).orElseGet(() -> state.addChannel(name, "O"));
    }

    /** The direct message channel of two users. */
    public ChatChannel direct(ChatUser a, ChatUser b) {
        return state.direct(a, b);
    }

    // ---- posts

    /** Posts as {@code author} would with {@code POST /api/v4/posts}; throws with Mattermost's error when refused. */
    public ChatPost post(ChatUser author, ChatChannel channel, String message) {
        return create(author, channel.id(), "", message);
    }

    /** Replies in the thread of {@code post} (its root, or itself). */
    public ChatPost reply(ChatUser author, ChatPost post, String message) {
        return create(author, post.channelId(), post.threadId(), message);
    }

    private ChatPost create(ChatUser author, String channelId, String rootId, String message) {
        Posting.Result result = onEventLoop("post", () -> posting.create(author, channelId, rootId, message, Map.of()));
        if (result.error() != null) {
            throw new IllegalArgumentException(result.error().status() + " " + result.error().id() + ": "
                    + result.error().message());
        }
        return result.post();
    }

    /** Every post so far, oldest first (copies). */
    public List<ChatPost> posts() {
        return state.posts();
    }

    public List<ChatPost> postsBy(ChatUser author) {
        return state.posts().stream().filter(p -> p.userId().equals(author.id())).toList();
    }

    /** The thread of {@code post}: its root and every reply, oldest first. */
    public List<ChatPost> thread(ChatPost post) {
        return state.thread(post.threadId());
    }

    /** The post as it is now. */
    public ChatPost current(ChatPost post) {
        return state.post(post.id()).orElseThrow();
    }

    /** Waits until a post matches; empty on timeout. Edits count: a post matches as soon as its text does. */
    public Optional<ChatPost> awaitPost(Predicate<ChatPost> match, Duration timeout) {
        return state.await(match, false, timeout);
    }

    /** Ephemeral posts (only their user sees them), from slash command answers. */
    public List<ChatPost> ephemeralPosts() {
        return state.ephemeralPosts();
    }

    /** Waits until a post or an ephemeral post matches; empty on timeout. */
    public Optional<ChatPost> awaitAnyPost(Predicate<ChatPost> match, Duration timeout) {
        return state.await(match, true, timeout);
    }

    // ---- slash commands

    /** Registers a custom slash command {@code /trigger}, as an admin does under Integrations > Slash Commands. */
    public void command(String trigger, String url, String token) {
        onEventLoop("register a command", () -> {
            slash.register(new SlashCommands.Command(trigger, url, token));
            return null;
        });
    }

    /** Runs {@code /trigger text} as {@code user} in {@code channel}, as Mattermost does; waits up to 10 s. */
    public SlashOutcome runCommand(ChatUser user, ChatChannel channel, String trigger, String text) {
        return awaitResult(onEventLoop("run /" + trigger, () -> slash.run(user, channel, trigger, text)), "run /" + trigger);
    }

    // ---- the WebSocket

    /** Every socket opened so far (since the last reset), as asked and as answered. */
    public List<SocketOpen> socketOpens() {
        return hub.records.opens();
    }

    /** Waits until {@code count} sockets have been opened since the last reset; false on timeout. */
    public boolean awaitSocketOpens(int count, Duration timeout) {
        return hub.records.awaitOpens(count, timeout);
    }

    /** Sockets of {@code user} attached now. */
    public int connectedSockets(ChatUser user) {
        return hub.records.attachedCount(user.id());
    }

    /** Waits until {@code user} has exactly one socket attached; false on timeout. */
    public boolean awaitConnected(ChatUser user, Duration timeout) {
        return hub.records.awaitAttached(user.id(), 1, timeout);
    }

    /** Closes every socket's TCP connection without a close frame; returns how many. Connections stay resumable. */
    public int dropSockets() {
        return onEventLoop("drop sockets", hub::dropSockets);
    }

    /** Drops every socket and forgets every connection, as a restart does. */
    public int forgetConnections() {
        return onEventLoop("forget connections", hub::forgetConnections);
    }

    /** Whether {@code ping} actions are answered (default true); false makes a socket look half dead. */
    public void answerPings(boolean answer) {
        hub.answerPings = answer;
    }

    /**
     * On the next resume, the last {@code events} the client had already received are sent again as new events (new
     * {@code seq}), as a duplicate delivery would: a client must recognise the posts, not only the sequence numbers.
     */
    public void repeatOnNextResume(int events) {
        onEventLoop("arrange a repeat", () -> {
            hub.repeatOnNextResume(events);
            return null;
        });
    }

    /** How long a socket may stay unauthenticated (default 5 s, as the server's auth check). */
    public void authTimeout(Duration timeout) {
        hub.authTimeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Posts, ephemeral posts, socket records and request records cleared; pings answered; users, channels, commands
     * and connections (and the sockets attached) stay.
     */
    public void reset() {
        state.clearPosts();
        hub.records.clear();
        hub.answerPings = true;
        hub.authTimeout = Duration.ofSeconds(5);
        onEventLoop("reset", () -> {
            hub.repeatOnNextResume(0);
            return null;
        });
        ledger.clear();
    }

    /** Runs standalone until killed; see {@link MattermostStubMain}. */
    public static void main(String[] args) {
        MattermostStubMain.main(args);
    }
}
