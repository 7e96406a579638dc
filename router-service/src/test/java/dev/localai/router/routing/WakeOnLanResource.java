package dev.localai.router.routing;

import dev.localai.testsupport.quarkus.RoutingFileResource;
import dev.localai.standins.upstream.FakeUpstream;

import java.util.Map;

/**
 * A gaming PC that is off (nothing listens on its port) with wake-on-lan sent to a loopback UDP port,
 * and a local backend for everything else.
 */
public class WakeOnLanResource extends RoutingFileResource {

    static int pcPort;
    static int udpPort;
    static FakeUpstream local;

    @Override
    protected String routing() {
        try (java.net.ServerSocket tcp = new java.net.ServerSocket(0); java.net.DatagramSocket udp = new java.net.DatagramSocket(0)) {
            pcPort = tcp.getLocalPort();
            udpPort = udp.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        local = started(FakeUpstream.start().models("local-model").answer("local answer"));
        return "backends:\n"
                + "  gaming-pc: {url: \"http://127.0.0.1:" + pcPort + "\", gaming-pc: true, models: [big-model],"
                + " wake-on-lan: {mac: \"aa:bb:cc:dd:ee:ff\", broadcast: 127.0.0.1, port: " + udpPort + ", wait: 3s}}\n"
                + "  local: {url: \"" + local.baseUrl() + "\", models: [local-model]}\n"
                + "rules:\n"
                + "  - {name: explicit-model, when: {requested: [model, alias]}, route: [requested]}\n"
                + "  - {name: otherwise, route: [local/local-model]}\n";
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("router.gaming-pc.poll-interval", "200ms", "router.health.interval", "200ms");
    }
}
