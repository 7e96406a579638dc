package dev.localai.opencode;

import dev.localai.testsupport.contract.ServiceEndpointsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OpencodeServiceEndpointsTest extends ServiceEndpointsContract {
}
