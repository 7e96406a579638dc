package dev.localai.openai.anthropic;

/** A base64 {@code data:} URL, {@code data:<media type>;base64,<data>} (RFC 2397), split into its parts. */
record DataUrl(String mediaType, String data) {

    /** The parts of {@code url}, or null when it is not a base64 data URL with a media type. */
    static DataUrl parse(String url) {
        if (url == null || !url.startsWith("data:")) {
            return null;
        }
        int comma = url.indexOf(',');
        if (comma < 0) {
            return null;
        }
        String meta = url.substring("data:".length(), comma);
        if (!meta.endsWith(";base64")) {
            return null;
        }
        String mediaType = meta.substring(0, meta.length() - ";base64".length());
        int parameters = mediaType.indexOf(';');
        if (parameters >= 0) {
            mediaType = mediaType.substring(0, parameters);
        }
        return mediaType.isEmpty() ? null : new DataUrl(mediaType, url.substring(comma + 1));
    }

    String toUrl() {
        return "data:" + mediaType + ";base64," + data;
    }
}
