package dev.localai.standins.mattermost;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Users, channels and posts of the {@link MattermostStub}: one team, its channels and direct messages. Written on
 * the event loop (REST calls) and by tests; every method holds this object's monitor briefly, and waiting tests
 * are woken by each change.
 */
final class MattermostState {

    static final String TEAM_NAME = "home";

    private final String teamId = MattermostIds.newId();
    private final long createdAt = System.currentTimeMillis();
    private final Map<String, ChatUser> users = new LinkedHashMap<>();
    private final Map<String, ChatChannel> channels = new LinkedHashMap<>();
    private final Map<String, ChatPost> posts = new LinkedHashMap<>();
    private final List<ChatPost> ephemeral = new ArrayList<>();
    private long clock;

    String teamId() {
        return teamId;
    }

    long createdAt() {
        return createdAt;
    }

    /** A new user; a null {@code token} gets a random one. */
    synchronized ChatUser addUser(String username, boolean bot, String token) {
        String name = username.toLowerCase(Locale.ROOT);
        if (userNamed(name).isPresent()) {
            throw new IllegalArgumentException("a user named " + name + " exists already");
        }
        if (token != null && userByToken(token).isPresent()) {
            throw new IllegalArgumentException("another user has this token");
        }
        ChatUser user = new ChatUser(MattermostIds.newId(), name, token == null ? MattermostIds.newId() : token, bot);
        users.put(user.id(), user);
        return user;
    }

    synchronized Optional<ChatUser> userNamed(String username) {
        return users.values().stream().filter(u -> u.username().equalsIgnoreCase(username)).findFirst();
    }

    synchronized Optional<ChatUser> user(String id) {
        return Optional.ofNullable(users.get(id));
    }

    /** The user whose token this is; empty for none or an unknown one. */
    synchronized Optional<ChatUser> userByToken(String token) {
        return token == null || token.isEmpty() ? Optional.empty()
                : users.values().stream().filter(u -> u.token().equals(token)).findFirst();
    }

    synchronized ChatChannel addChannel(String name, String type) {
        ChatChannel channel = new ChatChannel(MattermostIds.newId(), name, displayName(name), type, teamId, Set.of());
        channels.put(channel.id(), channel);
        return channel;
    }

    /** The direct message channel of two users, made on first use, named as Mattermost names it. */
    synchronized ChatChannel direct(ChatUser a, ChatUser b) {
        String name = a.id().compareTo(b.id()) < 0 ? a.id() + "__" + b.id() : b.id() + "__" + a.id();
        return channels.values().stream().filter(c -> c.name().equals(name)).findFirst().orElseGet(() -> {
            ChatChannel channel = new ChatChannel(MattermostIds.newId(), name, name, "D", "", Set.of(a.id(), b.id()));
            channels.put(channel.id(), channel);
            return channel;
        });
    }

    synchronized Optional<ChatChannel> channel(String id) {
        return Optional.ofNullable(channels.get(id));
    }

    synchronized Optional<ChatChannel> channelNamed(String name) {
        return channels.values().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Every user who reads {@code channel}. */
    synchronized List<ChatUser> members(ChatChannel channel) {
        return users.values().stream().filter(u -> channel.hasMember(u.id())).toList();
    }

    synchronized ChatPost addPost(String userId, String channelId, String rootId, String message,
                                  Map<String, Object> props) {
        long now = tick();
        ChatPost post = new ChatPost(MattermostIds.newId(), now, now, 0, userId, channelId, rootId, message, props,
                List.of(message));
        posts.put(post.id(), post);
        notifyAll();
        return post;
    }

    synchronized void addEphemeral(String userId, String channelId, String rootId, String message) {
        long now = tick();
        ephemeral.add(new ChatPost(MattermostIds.newId(), now, now, 0, userId, channelId, rootId, message, Map.of(),
                List.of(message)));
        notifyAll();
    }

    /** Changes a post's text (null: keeps it) and props (null: keeps them); returns the new version. */
    synchronized ChatPost edit(String id, String message, Map<String, Object> props) {
        ChatPost old = posts.get(id);
        long now = tick();
        List<String> versions = new ArrayList<>(old.versions());
        String text = message == null ? old.message() : message;
        if (message != null) {
            versions.add(message);
        }
        ChatPost post = new ChatPost(id, old.createAt(), now, message == null ? old.editAt() : now, old.userId(),
                old.channelId(), old.rootId(), text, props == null ? old.props() : props, versions);
        posts.put(id, post);
        notifyAll();
        return post;
    }

    synchronized Optional<ChatPost> post(String id) {
        return Optional.ofNullable(posts.get(id));
    }

    synchronized List<ChatPost> posts() {
        return List.copyOf(posts.values());
    }

    synchronized List<ChatPost> ephemeralPosts() {
        return List.copyOf(ephemeral);
    }

    /** The root and every reply, oldest first. */
    synchronized List<ChatPost> thread(String rootId) {
        return posts.values().stream().filter(p -> p.id().equals(rootId) || p.rootId().equals(rootId))
                .sorted(Comparator.comparingLong(ChatPost::createAt)).toList();
    }

    synchronized int replyCount(String rootId) {
        return (int) posts.values().stream().filter(p -> p.rootId().equals(rootId)).count();
    }

    /** Waits until a post (or an ephemeral one, with {@code ephemeral}) matches; empty on timeout or interrupt. */
    synchronized Optional<ChatPost> await(Predicate<ChatPost> match, boolean ephemeralToo, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                Optional<ChatPost> found = posts.values().stream().filter(match).findFirst();
                if (found.isEmpty() && ephemeralToo) {
                    found = ephemeral.stream().filter(match).findFirst();
                }
                long left = deadline - System.nanoTime();
                if (found.isPresent() || left <= 0) {
                    return found;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Forgets every post; users and channels stay. */
    synchronized void clearPosts() {
        posts.clear();
        ephemeral.clear();
        notifyAll();
    }

    private long tick() {
        clock = Math.max(clock + 1, System.currentTimeMillis());
        return clock;
    }

    private static String displayName(String name) {
        StringBuilder display = new StringBuilder();
        for (String word : name.split("-")) {
            if (!word.isEmpty()) {
                display.append(display.length() == 0 ? "" : " ").append(Character.toUpperCase(word.charAt(0)))
                        .append(word.substring(1));
            }
        }
        return display.toString();
    }
}
