package dev.localai.deploychecks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The alert rules file read as data: every alert's name and expression. */
final class PrometheusFiles {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private PrometheusFiles() {
    }

    /** Alert name → its PromQL expression, in file order. */
    static Map<String, String> alerts(Path rules) throws IOException {
        Map<String, String> alerts = new LinkedHashMap<>();
        for (JsonNode group : YAML.readTree(rules.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    alerts.put(rule.path("alert").asText(), rule.path("expr").asText());
                }
            }
        }
        return alerts;
    }

    static List<String> alertNames(Path rules) throws IOException {
        return new ArrayList<>(alerts(rules).keySet());
    }
}
