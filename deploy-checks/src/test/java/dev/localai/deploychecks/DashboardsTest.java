package dev.localai.deploychecks;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Grafana needs of each provisioned dashboard beyond its queries (those are checked against a real
 * Prometheus in {@link DashboardsAgainstPrometheusIT}): a stable uid, the datasource chosen by a variable,
 * a unit and thresholds on every panel, and the annotations for gaming mode changes and routing reloads.
 */
class DashboardsTest {

    @Test
    void everyServiceHasADashboardWithAStableUid() throws Exception {
        Set<String> uids = new HashSet<>();
        for (Path file : Dashboards.files()) {
            String uid = Dashboards.read(file).path("uid").asText();
            assertTrue(uid.matches("local-ai-router-[a-z-]+"), file + ": uid '" + uid + "'");
            assertTrue(uids.add(uid), file + ": uid " + uid + " used twice");
        }
        assertTrue(uids.containsAll(List.of("local-ai-router-overview", "local-ai-router-router", "local-ai-router-costs",
                "local-ai-router-local-inference", "local-ai-router-gaming-pc", "local-ai-router-bridges")), uids.toString());
    }

    @Test
    void everyPanelReadsTheDatasourceVariableAndHasAUnitAndThresholds() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Path file : Dashboards.files()) {
            JsonNode dashboard = Dashboards.read(file);
            boolean variable = false;
            for (JsonNode v : dashboard.path("templating").path("list")) {
                variable |= "datasource".equals(v.path("name").asText()) && "datasource".equals(v.path("type").asText())
                        && "prometheus".equals(v.path("query").asText());
            }
            if (!variable) {
                problems.add(file.getFileName() + ": no datasource variable");
            }
            for (JsonNode panel : Dashboards.panels(dashboard)) {
                if ("row".equals(panel.path("type").asText())) {
                    continue;
                }
                String where = file.getFileName() + " › " + panel.path("title").asText();
                if (!"${datasource}".equals(panel.path("datasource").path("uid").asText())) {
                    problems.add(where + ": datasource is not ${datasource}");
                }
                for (JsonNode target : panel.path("targets")) {
                    if (!"${datasource}".equals(target.path("datasource").path("uid").asText())) {
                        problems.add(where + " " + target.path("refId").asText() + ": datasource is not ${datasource}");
                    }
                }
                JsonNode defaults = panel.path("fieldConfig").path("defaults");
                if (defaults.path("unit").asText().isEmpty()) {
                    problems.add(where + ": no unit");
                }
                if (defaults.path("thresholds").path("steps").isEmpty()) {
                    problems.add(where + ": no thresholds");
                }
                if (panel.path("targets").isEmpty()) {
                    problems.add(where + ": no query");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyDashboardMarksGamingModeChangesAndRoutingReloads() throws Exception {
        for (Path file : Dashboards.files()) {
            String annotations = Dashboards.read(file).path("annotations").toString();
            assertTrue(annotations.contains("gaming_pc_gaming_mode"), file + ": no gaming mode annotation");
            assertTrue(annotations.contains("router_routing_reloads_total"), file + ": no routing reload annotation");
        }
    }

    @Test
    void theProvisioningLoadsTheDashboardFolder() throws Exception {
        String provider = java.nio.file.Files.readString(Tool.ROOT.resolve("grafana/provisioning/dashboards/dashboards.yml"));
        assertTrue(provider.contains("path: /var/lib/grafana/dashboards"), provider);
        assertFalse(Dashboards.files().isEmpty());
    }
}
