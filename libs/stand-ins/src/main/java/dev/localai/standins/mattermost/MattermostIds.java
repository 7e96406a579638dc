package dev.localai.standins.mattermost;

import java.security.SecureRandom;

/** Ids as Mattermost makes them ({@code model.NewId}): 26 characters of its base32 alphabet. */
final class MattermostIds {

    private static final String ALPHABET = "ybndrfg8ejkmcpqxot1uwisza345h769";
    private static final SecureRandom RANDOM = new SecureRandom();

    private MattermostIds() {
    }

    static String newId() {
        StringBuilder id = new StringBuilder(26);
        for (int i = 0; i < 26; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    /** {@code model.IsValidId}: 26 letters or digits. */
    static boolean isValid(String id) {
        return id != null && id.length() == 26 && id.chars().allMatch(Character::isLetterOrDigit);
    }
}
