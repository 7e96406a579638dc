package dev.localai.router.keys;

import dev.localai.testsupport.postgres.PostgresResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;

/** Its own database and a priced backend: keys created here must not close the router for other tests. */
public class KeysTestProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresResource.class), new TestResourceEntry(PricedUpstreamResource.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
