package dev.localai.opencode;

import dev.localai.testsupport.contract.ServiceEndpointsContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;

@QuarkusTest
@QuarkusTestResource(OpencodeWithFakeProvider.class)
class OpencodeServiceEndpointsTest extends ServiceEndpointsContract {

    @BeforeEach
    void openCodeIsRunning() {
        Await.ready();
    }
}
