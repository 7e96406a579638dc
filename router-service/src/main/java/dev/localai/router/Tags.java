package dev.localai.router;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The tags a request can carry, from {@code #tag} words in its last user message, the
 * {@code X-Router-Tags} header or a {@code tags} array in the body. Names are lower case;
 * {@code force-big} and {@code force_big} are the same tag.
 */
public record Tags(Set<String> known, Set<String> unknown) {

    public static final String NO_CLOUD = "no_cloud";
    public static final String PRIVATE = "private";
    public static final String OFFLINE = "offline";
    public static final String BURST = "burst";
    public static final String FORCE_BIG = "force_big";
    /** Asks for the routing file's quality cascade: a poor answer is not returned, the next backend answers. */
    public static final String CASCADE = "cascade";

    /** Tags that keep a request inside the house. */
    public static final Set<String> PRIVACY = Set.of(NO_CLOUD, PRIVATE, OFFLINE);
    /** Task types a tag can name. */
    public static final Set<String> TASK_TYPES = Set.of("code", "math", "docs", "mermaid", "jira", "graphics");
    public static final Set<String> ALL = union(PRIVACY, Set.of(BURST, FORCE_BIG, CASCADE), TASK_TYPES);

    public static final Tags NONE = new Tags(Set.of(), Set.of());

    public Tags {
        known = Set.copyOf(known);
        unknown = Set.copyOf(unknown);
    }

    /** Sorts raw tag words into known and unknown ones. */
    public static Tags of(Collection<String> raw) {
        Set<String> known = new LinkedHashSet<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (String word : raw) {
            String tag = normalize(word);
            if (tag.isEmpty()) {
                continue;
            }
            (ALL.contains(tag) ? known : unknown).add(tag);
        }
        return new Tags(known, unknown);
    }

    /** A tag word as the router names it: lower case, without {@code #}, {@code -} as {@code _}. */
    public static String normalize(String word) {
        String tag = word.strip().toLowerCase(Locale.ROOT);
        if (tag.startsWith("#")) {
            tag = tag.substring(1);
        }
        return tag.replace('-', '_');
    }

    public boolean has(String tag) {
        return known.contains(tag);
    }

    /** Whether any privacy tag keeps the request from leaving the house. */
    public boolean staysHome() {
        return known.stream().anyMatch(PRIVACY::contains);
    }

    public Tags plus(Tags other) {
        return new Tags(union(known, other.known), union(unknown, other.unknown));
    }

    /** The first task-type tag, if any. */
    public String taskType() {
        return known.stream().filter(TASK_TYPES::contains).findFirst().orElse(null);
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> out = new LinkedHashSet<>();
        List.of(sets).forEach(out::addAll);
        return out;
    }
}
