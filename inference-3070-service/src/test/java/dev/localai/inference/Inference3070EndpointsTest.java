package dev.localai.inference;

import dev.localai.testsupport.contract.ServiceEndpointsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class Inference3070EndpointsTest extends ServiceEndpointsContract {
}
