package dev.localai.deploychecks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.localai.testsupport.node.NodeClients;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The k3s manifests, validated against the Kubernetes API schemas ({@code deploy-checks/k8s/validate.mjs}:
 * the {@code kubernetes-models} npm package's validators for types and required fields, and the official
 * {@code @kubernetes/client-node} models for unknown fields), then read for what a cluster needs of them:
 * probes on {@code /q/health/*}, requests and limits, secrets from Secrets, the GPU services on the NVIDIA runtime
 * class with a GPU requested, PostgreSQL on a persistent volume, scrape annotations, and two routers.
 */
class K3sManifestsTest {

    static final Path DIR = Tool.ROOT.resolve("deploy/k3s");
    static final Path VALIDATOR = Path.of("target", "k8s-validate").toAbsolutePath();
    static List<JsonNode> objects;

    @BeforeAll
    static void read() throws Exception {
        objects = new ArrayList<>();
        for (Path file : manifests()) {
            try (MappingIterator<JsonNode> docs = PrometheusFiles.YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                docs.forEachRemaining(doc -> {
                    if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                        objects.add(doc);
                    }
                });
            }
        }
    }

    static List<Path> manifests() throws Exception {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    static Tool.Result validate(Path... files) throws Exception {
        Tool node = Tool.require("node", "nodejs");
        Tool.require("npm", "npm");
        NodeClients.prepare(Tool.ROOT.resolve("deploy-checks/k8s"), VALIDATOR);
        List<String> args = new ArrayList<>(List.of("validate.mjs"));
        for (Path f : files) {
            args.add(f.toString());
        }
        return node.run(VALIDATOR, Duration.ofSeconds(60), args.toArray(String[]::new));
    }

    @Test
    void everyManifestIsValidAgainstTheKubernetesApiSchemas() throws Exception {
        Tool.Result result = validate(manifests().toArray(Path[]::new)).ok("validate.mjs deploy/k3s/*.yaml");
        assertTrue(result.output().contains("all manifests valid"), result.output());
    }

    @Test
    void aWrongTypeAndAnUnknownFieldAreBothRejected() throws Exception {
        Path broken = Files.createTempDirectory("k3s").resolve("broken.yaml");
        String router = Files.readString(DIR.resolve("router.yaml"));
        Files.writeString(broken, router.replace("containerPort: 8000", "containerPort: \"eighty\""));
        Tool.Result wrongType = validate(broken);
        assertFalse(wrongType.exit() == 0, wrongType.output());
        assertTrue(wrongType.output().contains("containerPort must be integer"), wrongType.output());
        Files.writeString(broken, router.replace("readinessProbe:", "readinesProbe:"));
        Tool.Result unknown = validate(broken);
        assertFalse(unknown.exit() == 0, unknown.output());
        assertTrue(unknown.output().contains("readinesProbe: unknown field"), unknown.output());
    }

    @Test
    void everyContainerHasHealthProbesRequestsAndLimitsAndTakesSecretsFromSecrets() {
        List<String> problems = new ArrayList<>();
        for (JsonNode workload : workloads()) {
            for (JsonNode c : workload.path("spec").path("template").path("spec").path("containers")) {
                String where = workload.path("metadata").path("name").asText() + "/" + c.path("name").asText();
                boolean postgres = c.path("image").asText().startsWith("postgres:");
                if (!postgres && !"/q/health/live".equals(c.path("livenessProbe").path("httpGet").path("path").asText())) {
                    problems.add(where + ": no liveness probe on /q/health/live");
                }
                if (!postgres && !"/q/health/ready".equals(c.path("readinessProbe").path("httpGet").path("path").asText())) {
                    problems.add(where + ": no readiness probe on /q/health/ready");
                }
                if (postgres && (c.path("livenessProbe").isMissingNode() || c.path("readinessProbe").isMissingNode())) {
                    problems.add(where + ": no liveness and readiness probes");
                }
                JsonNode resources = c.path("resources");
                if (resources.path("requests").path("cpu").isMissingNode() || resources.path("requests").path("memory").isMissingNode()
                        || resources.path("limits").path("memory").isMissingNode()) {
                    problems.add(where + ": no cpu and memory requests and a memory limit");
                }
                for (JsonNode env : c.path("env")) {
                    String name = env.path("name").asText();
                    if (ComposeFilesTest.SECRET.matcher(name).matches() && env.has("value")) {
                        problems.add(where + ": " + name + " is written in the manifest, not taken from a Secret");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theGpuServicesRunOnTheNvidiaRuntimeWithAGpuRequested() {
        List<String> gpu = new ArrayList<>();
        for (JsonNode workload : workloads()) {
            String name = workload.path("metadata").path("name").asText();
            if (!name.startsWith("inference-3070") && !name.startsWith("gaming-pc")) {
                continue;
            }
            gpu.add(name);
            JsonNode pod = workload.path("spec").path("template").path("spec");
            assertEquals("nvidia", pod.path("runtimeClassName").asText(), name);
            assertEquals(1, pod.path("containers").get(0).path("resources").path("limits").path("nvidia.com/gpu").asInt(), name);
        }
        assertEquals(java.util.Set.of("inference-3070", "gaming-pc-manager"), java.util.Set.copyOf(gpu));
        assertTrue(objects.stream().anyMatch(o -> "RuntimeClass".equals(o.path("kind").asText())
                && "nvidia".equals(o.path("handler").asText())), "a RuntimeClass nvidia");
    }

    @Test
    void postgresKeepsItsDataOnAPersistentVolumeAndServicesAreScrapedAndTheRouterScalesOut() {
        JsonNode postgres = objects.stream().filter(o -> "StatefulSet".equals(o.path("kind").asText())).findFirst().orElseThrow();
        assertEquals("data", postgres.path("spec").path("volumeClaimTemplates").get(0).path("metadata").path("name").asText());
        for (JsonNode service : objects) {
            String name = service.path("metadata").path("name").asText();
            if ("Service".equals(service.path("kind").asText()) && service.path("spec").has("selector") && !"postgres".equals(name)) {
                assertEquals("true", service.path("metadata").path("annotations").path("prometheus.io/scrape").asText(), name);
                assertEquals("/q/metrics", service.path("metadata").path("annotations").path("prometheus.io/path").asText(), name);
            }
        }
        JsonNode router = workloads().stream().filter(w -> "router".equals(w.path("metadata").path("name").asText())).findFirst().orElseThrow();
        assertTrue(router.path("spec").path("replicas").asInt() >= 2, "two or more routers behind one Service");
    }

    static List<JsonNode> workloads() {
        return objects.stream().filter(o -> List.of("Deployment", "StatefulSet").contains(o.path("kind").asText())).toList();
    }
}
