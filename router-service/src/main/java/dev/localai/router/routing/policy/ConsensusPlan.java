package dev.localai.router.routing.policy;

import dev.localai.router.Target;

import java.util.List;

/**
 * A rule's {@code consensus: {members: [...], agree: 2}}: the members answer the same request in parallel,
 * and the answer at least {@code agree} of them give (normalised when short; when long, graded by the file's judge
 * model if it names one, else by word overlap: {@code quality.Agreement}) is
 * returned; without such a majority the rule's own {@code route} is walked as the fallback. {@code members}
 * are the targets left after the filters (privacy, gaming mode, down) for this request.
 */
public record ConsensusPlan(String rule, List<Target> members, int agree) {

    public ConsensusPlan {
        members = List.copyOf(members);
    }

    public ConsensusPlan withMembers(List<Target> allowed) {
        return new ConsensusPlan(rule, allowed, agree);
    }
}
