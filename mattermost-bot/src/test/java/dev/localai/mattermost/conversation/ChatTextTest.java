package dev.localai.mattermost.conversation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChatTextTest {

    @Test
    void anAnswersFooterAndStreamingMarkAreLeftOutOfTheHistory() {
        assertEquals("Once upon a time.", ChatReply.withoutFooter(
                "Once upon a time.\n\n_— answered by **gpu-3070** (demo-tiny) · short prompt_"));
        assertEquals("Once upon", ChatReply.withoutFooter("Once upon ▍"));
        assertEquals("No footer here.", ChatReply.withoutFooter("No footer here."));
    }
}
