package dev.localai.gamingpc;

import dev.localai.testsupport.contract.ServiceEndpointsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class GamingPcManagerEndpointsTest extends ServiceEndpointsContract {
}
