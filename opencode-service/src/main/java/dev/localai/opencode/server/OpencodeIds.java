package dev.localai.opencode.server;

import java.security.SecureRandom;

/**
 * Identifiers in OpenCode's own format ({@code packages/opencode/src/id/id.ts}): a prefix ({@code msg},
 * {@code prt}, {@code evt}), {@code _}, six bytes of {@code milliseconds * 4096 + counter} in hex, and fourteen
 * random base-62 characters. OpenCode orders a session's messages and parts by these ids, so the ones the
 * bridge writes (the replayed history and the prompt) are taken one second in the past, ascending: they sort
 * before everything OpenCode creates for the answer.
 */
public final class OpencodeIds {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final long BACKDATE_MILLIS = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private long lastMillis;
    private long counter;

    /** One generator per session: its ids ascend in the order they are made. */
    public OpencodeIds() {
    }

    public synchronized String next(String prefix) {
        long millis = System.currentTimeMillis() - BACKDATE_MILLIS;
        if (millis > lastMillis) {
            lastMillis = millis;
            counter = 0;
        }
        counter++;
        if (counter >= 0x1000) {        // 4,096 ids in one millisecond: borrow the next one
            lastMillis++;
            counter = 1;
        }
        long value = (lastMillis * 0x1000 + counter) & 0xFFFF_FFFF_FFFFL;
        StringBuilder id = new StringBuilder(prefix.length() + 27).append(prefix).append('_');
        String hex = Long.toHexString(value);
        id.append("0".repeat(12 - hex.length())).append(hex);
        for (int i = 0; i < 14; i++) {
            id.append(BASE62.charAt(RANDOM.nextInt(62)));
        }
        return id.toString();
    }

    /** The milliseconds the last id was made for (its {@code time.created}). */
    public synchronized long lastMillis() {
        return lastMillis;
    }
}
