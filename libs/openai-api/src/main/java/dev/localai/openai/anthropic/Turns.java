package dev.localai.openai.anthropic;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@code messages} of an Anthropic request: consecutive blocks of one role become one turn,
 * as the API combines them anyway, and in a user turn the {@code tool_result} blocks come first, as the
 * tool use documentation requires. A turn made of one message sent as a plain string stays a string.
 */
final class Turns {

    private final List<Turn> turns = new ArrayList<>();

    private static final class Turn {
        final String role;
        final List<ContentBlock> blocks = new ArrayList<>();
        String plain;

        Turn(String role) {
            this.role = role;
        }
    }

    /**
     * Adds one message's blocks; {@code plain} is its content when it was one string, else null. A
     * message without blocks (empty text) is dropped.
     */
    void add(String role, List<ContentBlock> blocks, String plain) {
        if (blocks.isEmpty()) {
            return;
        }
        Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
        if (last != null && last.role.equals(role)) {
            last.plain = null;
        } else {
            last = new Turn(role);
            last.plain = plain;
            turns.add(last);
        }
        last.blocks.addAll(blocks);
    }

    List<InputMessage> messages() {
        List<InputMessage> out = new ArrayList<>();
        for (Turn turn : turns) {
            if (turn.plain != null) {
                out.add(new InputMessage(turn.role, Content.text(turn.plain), null));
                continue;
            }
            List<ContentBlock> ordered = new ArrayList<>();
            turn.blocks.stream().filter(b -> b.is(ContentBlock.TOOL_RESULT)).forEach(ordered::add);
            turn.blocks.stream().filter(b -> !b.is(ContentBlock.TOOL_RESULT)).forEach(ordered::add);
            out.add(InputMessage.of(turn.role, ordered));
        }
        return out;
    }
}
