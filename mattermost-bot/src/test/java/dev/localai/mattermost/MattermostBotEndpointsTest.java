package dev.localai.mattermost;

import dev.localai.testsupport.contract.ServiceEndpointsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class MattermostBotEndpointsTest extends ServiceEndpointsContract {
}
