package dev.localai.openai;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** {@code GET /v1/models} (https://platform.openai.com/docs/api-reference/models/list). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelList(String object, List<Model> data) {

    public static ModelList of(List<Model> models) {
        return new ModelList("list", List.copyOf(models));
    }

    /** One model; {@code owned_by} names who serves it (for the router: the backend). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Model(
            String id,
            String object,
            Long created,
            @JsonProperty("owned_by") String ownedBy,
            @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {
        public Model {
            extra = Extras.copy(extra);
        }

        public static Model of(String id, long created, String ownedBy) {
            return new Model(id, "model", created, ownedBy, null);
        }
    }
}
