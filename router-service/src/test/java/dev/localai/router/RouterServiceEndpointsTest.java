package dev.localai.router;

import dev.localai.testsupport.contract.ServiceEndpointsContract;
import dev.localai.testsupport.postgres.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class RouterServiceEndpointsTest extends ServiceEndpointsContract {
}
