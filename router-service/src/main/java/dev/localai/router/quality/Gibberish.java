package dev.localai.router.quality;

import java.util.regex.Pattern;

/**
 * Text that reads as no language: the ASCII noise a model with broken or random weights writes (the demo
 * 3070's {@code _bTQaHo6}8TQhe+"L,eherGMH2:<[wKUt<[i)K(Ho#*D}). Measured on the prose, without code blocks,
 * inline code, URLs or JSON: stray symbols ({@code # $ % & + < = > @ [ \ ] ^ ` { }} anywhere, and
 * {@code ( ) * ; ! ? | ~ "} inside a word) make up 12% or more of the characters, the "words" average 7
 * characters or more, and the letters are a third or more capitals, or under a quarter vowels. Prose in
 * any Latin-script language, Markdown, tables, paths, identifiers, SQL, formulae and base64 all pass; text
 * that is mostly not ASCII (another script) or has under 24 characters is not judged. Linear in the text.
 */
final class Gibberish {

    private static final Pattern FENCED = Pattern.compile("(?ms)^\\s*```.*?(?:^\\s*```\\s*$|\\z)");
    private static final Pattern INLINE_CODE = Pattern.compile("(?<!\\S)`[^`\\n]+`(?=\\z|[\\s.,;:!?)])");
    private static final Pattern URL = Pattern.compile("\\b\\w+://\\S+");
    private static final Pattern JSON_START = Pattern.compile("^\\s*(?:\\{\\s*(?:\"|\\}|\\z)|\\[\\s*(?:[\\[{\"\\]]|-?\\d|\\z))");
    private static final String NOISE = "#$%&+<=>@[\\]^`{}";
    private static final String NOISE_INSIDE_A_WORD = "()*;!?|~\"";
    static final int MIN_CHARS = 24;

    private Gibberish() {
    }

    /** Why {@code text} reads as no language, or null when it reads as some (or cannot be judged). */
    static String describe(String text) {
        String t = URL.matcher(INLINE_CODE.matcher(FENCED.matcher(text).replaceAll(" ")).replaceAll(" "))
                .replaceAll(" ");
        if (JSON_START.matcher(t).find()) {
            return null;
        }
        int chars = 0;
        int words = 0;
        int noise = 0;
        int letters = 0;
        int capitals = 0;
        int vowels = 0;
        int other = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            chars++;
            if (i == 0 || Character.isWhitespace(t.charAt(i - 1))) {
                words++;
            }
            if (c > 127) {
                other++;
            } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                letters++;
                capitals += c <= 'Z' ? 1 : 0;
                vowels += "aeiouAEIOU".indexOf(c) >= 0 ? 1 : 0;
            } else if (NOISE.indexOf(c) >= 0 || NOISE_INSIDE_A_WORD.indexOf(c) >= 0 && i > 0 && i + 1 < t.length()
                    && !Character.isWhitespace(t.charAt(i - 1)) && !Character.isWhitespace(t.charAt(i + 1))) {
                noise++;
            }
        }
        if (chars < MIN_CHARS || other * 10 > chars || letters < 12) {
            return null;
        }
        double stray = (double) noise / chars;
        double wordLength = (double) chars / words;
        boolean oddLetters = capitals * 10 >= letters * 3 || vowels * 4 < letters;
        if (stray >= 0.12 && wordLength >= 7 && oddLetters) {
            return String.format(java.util.Locale.ROOT, "%.0f%% stray symbols, words of %.0f characters, %.0f%% "
                    + "capitals, %.0f%% vowels", stray * 100, wordLength, 100.0 * capitals / letters,
                    100.0 * vowels / letters);
        }
        return null;
    }
}
