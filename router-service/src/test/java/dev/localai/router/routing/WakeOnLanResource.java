package dev.localai.router.routing;

import dev.localai.testsupport.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A gaming PC that is off (nothing listens on its port) with wake-on-lan sent to a loopback UDP port,
 * and a local backend for everything else.
 */
public class WakeOnLanResource implements QuarkusTestResourceLifecycleManager {

    static int pcPort;
    static int udpPort;
    static FakeUpstream local;
    private Path routing;

    @Override
    public Map<String, String> start() {
        try (ServerSocket tcp = new ServerSocket(0); DatagramSocket udp = new DatagramSocket(0)) {
            pcPort = tcp.getLocalPort();
            udpPort = udp.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        local = FakeUpstream.start().models("local-model").answer("local answer");
        String yaml = "backends:\n"
                + "  gaming-pc: {url: \"http://127.0.0.1:" + pcPort + "\", gaming-pc: true, models: [big-model],"
                + " wake-on-lan: {mac: \"aa:bb:cc:dd:ee:ff\", broadcast: 127.0.0.1, port: " + udpPort + ", wait: 3s}}\n"
                + "  local: {url: \"" + local.baseUrl() + "\", models: [local-model]}\n"
                + "rules:\n"
                + "  - {name: explicit-model, when: {requested: [model, alias]}, route: [requested]}\n"
                + "  - {name: otherwise, route: [local/local-model]}\n";
        try {
            routing = Files.createTempFile("routing-wol", ".yaml");
            Files.writeString(routing, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("router.routing-file", routing.toString(), "router.gaming-pc.poll-interval", "200ms",
                "router.health.interval", "200ms");
    }

    @Override
    public void stop() {
        local.close();
        try {
            Files.deleteIfExists(routing);
        } catch (IOException ignored) {
            // harmless
        }
    }
}
