package dev.localai.deploychecks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The provisioned Grafana dashboards ({@code grafana/dashboards/*.json}) read as data. */
final class Dashboards {

    static final Path DIR = Tool.ROOT.resolve("grafana/dashboards");
    static final ObjectMapper JSON = new ObjectMapper();

    /** One query of a dashboard: where it is ("Router › Errors by status") and its PromQL. */
    record Query(String where, String expr) {
    }

    private Dashboards() {
    }

    static List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    /** Every panel, rows' nested panels included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /** Every panel target's, annotation's and query variable's PromQL, Grafana's variables left in. */
    static List<Query> queries(JsonNode dashboard) {
        String title = dashboard.path("title").asText();
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(title + " › panel \"" + panel.path("title").asText() + "\" " + target.path("refId").asText(),
                        target.path("expr").asText()));
            }
        }
        for (JsonNode annotation : dashboard.path("annotations").path("list")) {
            if (annotation.has("expr")) {
                queries.add(new Query(title + " › annotation \"" + annotation.path("name").asText() + "\"",
                        annotation.path("expr").asText()));
            }
        }
        return queries;
    }

    /** Grafana's {@code label_values(metric, label)} variables: metric and label. */
    static List<String[]> labelValueVariables(JsonNode dashboard) {
        List<String[]> found = new ArrayList<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String query = variable.path("query").isObject() ? variable.path("query").path("query").asText()
                    : variable.path("query").asText();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("label_values\\((\\w+),\\s*(\\w+)\\)").matcher(query);
            if ("query".equals(variable.path("type").asText()) && m.matches()) {
                found.add(new String[]{variable.path("name").asText(), m.group(1), m.group(2)});
            }
        }
        return found;
    }
}
