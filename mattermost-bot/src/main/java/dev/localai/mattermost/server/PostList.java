package dev.localai.mattermost.server;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** A PostList ({@code GET /api/v4/posts/{id}/thread}): the posts by id and their order. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PostList(List<String> order, Map<String, Post> posts) {

    /** Every post, oldest first (by {@code create_at}, whatever {@code order} says). */
    public List<Post> oldestFirst() {
        return posts == null ? List.of() : posts.values().stream().sorted(Comparator.comparingLong(Post::createAt)).toList();
    }
}
