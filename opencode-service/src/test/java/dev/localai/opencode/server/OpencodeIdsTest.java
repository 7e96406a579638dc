package dev.localai.opencode.server;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ids in OpenCode's format that sort before everything OpenCode makes from now on. */
class OpencodeIdsTest {

    @Test
    void idsHaveOpencodesShape() {
        String id = new OpencodeIds().next("msg");
        assertTrue(id.matches("msg_[0-9a-f]{12}[0-9A-Za-z]{14}"), id);
    }

    @Test
    void idsAscendInTheOrderTheyAreMadeEvenWithinOneMillisecond() {
        OpencodeIds ids = new OpencodeIds();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            made.add(ids.next("prt").substring(0, 16));
        }
        List<String> sorted = new ArrayList<>(made);
        sorted.sort(null);
        assertEquals(sorted, made);
        assertEquals(made.size(), made.stream().distinct().count());
    }

    @Test
    void theyComeBeforeAnIdOpencodeMakesNow() {
        String ours = new OpencodeIds().next("msg");
        long now = System.currentTimeMillis();
        String opencodes = "msg_" + String.format("%012x", (now * 0x1000 + 1) & 0xFFFF_FFFF_FFFFL);
        assertTrue(ours.substring(0, 16).compareTo(opencodes) < 0, ours + " < " + opencodes);
    }
}
