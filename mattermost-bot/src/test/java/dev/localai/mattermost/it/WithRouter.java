package dev.localai.mattermost.it;

import dev.localai.standins.upstream.FakeUpstream;
import dev.localai.testsupport.packaged.PackagedService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The bot with the real router-service, as packaged, on embedded PostgreSQL, routing every chat to a fake
 * OpenAI-compatible backend {@code fake} (model {@code fake-model}) that streams word by word.
 */
public class WithRouter extends BotStack {

    @Override
    protected void services(Map<String, String> config) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        closing.add(postgres);
        FakeUpstream upstream = FakeUpstream.start().models("fake-model");
        closing.add(upstream);
        stack.upstream = upstream;
        Path work = Files.createDirectories(WORK.resolve("router"));
        Path routing = work.resolve("routing.yaml");
        Files.writeString(routing, "backends:\n"
                + "  fake: {url: \"" + upstream.baseUrl() + "\", models: [fake-model], timeouts: {idle: 30s}}\n"
                + "rules:\n"
                + "  - {name: explicit-model, when: {requested: [model, alias]}, route: [requested]}\n"
                + "  - {name: otherwise, route: [fake/fake-model]}\n");
        PackagedService router = PackagedService.start("router-service", work, Map.of(
                "router.routing-file", routing.toString(),
                "router.breaker.failures", "1000"), Map.of(
                "DB_URL", postgres.getJdbcUrl("postgres", "postgres"),
                "DB_USER", "postgres",
                "DB_PASSWORD", "postgres"), Duration.ofSeconds(90), Duration.ofSeconds(60));
        closing.add(router);
        stack.routerUrl = router.url();
        config.put("mattermost.router.url", router.url());
        config.put("mattermost.chat.first-token-timeout", "3s");
    }
}
