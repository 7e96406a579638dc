package dev.localai.devstack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A service of the dev stack that dies is started again and serves; one that is being stopped is not. */
class ServiceProcessTest {

    /** A stand-in service: answers 200 on /q/health/ready on the port the stack gives it, until killed. */
    private static final String SERVICE = """
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;
            public class Service {
                public static void main(String[] args) throws Exception {
                    int port = Integer.getInteger("quarkus.http.port");
                    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
                    server.createContext("/q/health/ready", exchange -> {
                        exchange.sendResponseHeaders(200, 2);
                        exchange.getResponseBody().write("UP".getBytes());
                        exchange.close();
                    });
                    server.start();
                    System.out.println("serving on " + port);
                }
            }
            """;

    @TempDir
    Path dir;

    private ServiceProcess service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void aServiceKilledWithKill9IsStartedAgainAndServes() throws Exception {
        service = new ServiceProcess("stand-in", freePort(), jar(), dir.resolve("stand-in.log"), Map.of());
        service.start();
        assertTrue(service.awaitReady(Duration.ofSeconds(30)), service.tail(20));
        service.handle().destroyForcibly();

        List<String> said = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (said.stream().noneMatch(s -> s.contains("is serving again")) && System.nanoTime() < deadline) {
            String line = service.supervise();
            if (line != null) {
                said.add(line);
            }
            Thread.sleep(100);
        }
        assertTrue(said.get(0).startsWith("stand-in stopped unexpectedly (exit code 137)"), said.toString());
        assertTrue(said.stream().anyMatch(s -> s.contains("started again (restart 1)")), said.toString());
        assertTrue(said.stream().anyMatch(s -> s.contains("is serving again")), said.toString());
        assertEquals(1, service.restarts());
        assertTrue(Files.readString(dir.resolve("stand-in.log")).split("serving on", -1).length == 3,
                "the log keeps both runs");
    }

    @Test
    void aServiceThatIsBeingStoppedIsNotStartedAgain() throws Exception {
        service = new ServiceProcess("stand-in", freePort(), jar(), dir.resolve("stand-in.log"), Map.of());
        service.start();
        assertTrue(service.awaitReady(Duration.ofSeconds(30)), service.tail(20));
        service.stopping();
        ProcessHandle running = service.handle();
        running.destroyForcibly();
        running.onExit().get();
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < until) {
            assertEquals(null, service.supervise());
            Thread.sleep(100);
        }
        assertEquals(0, service.restarts());
        assertTrue(!service.isAlive());
    }

    private Path jar() throws IOException {
        Path src = dir.resolve("Service.java");
        Files.writeString(src, SERVICE);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", dir.toString(), src.toString()));
        Path jar = dir.resolve("service.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Service");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry("Service.class"));
            jarOut.write(Files.readAllBytes(dir.resolve("Service.class")));
            jarOut.closeEntry();
        }
        return jar;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
