package dev.localai.openai.anthropic;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.openai.Extras;

import java.util.Map;

/**
 * The {@code source} of an image block: {@code {"type":"base64","media_type":"image/png","data":…}} or
 * {@code {"type":"url","url":…}}; a {@code file} source keeps its {@code file_id} in extra
 * (https://docs.anthropic.com/en/api/messages).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageSource(
        String type,
        @JsonProperty("media_type") String mediaType,
        String data,
        String url,
        @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {

    public static final String BASE64 = "base64";
    public static final String URL = "url";

    public ImageSource {
        extra = Extras.copy(extra);
    }

    public static ImageSource base64(String mediaType, String data) {
        return new ImageSource(BASE64, mediaType, data, null, null);
    }

    public static ImageSource url(String url) {
        return new ImageSource(URL, null, null, url, null);
    }
}
