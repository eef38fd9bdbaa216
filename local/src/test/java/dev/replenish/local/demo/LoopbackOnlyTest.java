package dev.replenish.local.demo;

import dev.replenish.local.Replenish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing the local runtime opens is reachable from the network: a child {@code replenish demo}
 * (every pipeline step, load-features included, then serve) is watched from outside through
 * {@code /proc} for its whole life, and every socket it ever listens on must be on loopback.
 */
@EnabledOnOs(OS.LINUX)
class LoopbackOnlyTest {

    private static final Pattern SERVING = Pattern.compile("Open (http://127\\.0\\.0\\.1:(\\d+)/)");
    private static final Duration PIPELINE_LIMIT = Duration.ofMinutes(10);

    @TempDir
    Path folder;

    @Test
    void theSocketReaderSeesAListenerOnEveryInterfaceAsNotLoopback() throws IOException {
        // GIVEN this JVM listening on every interface and on loopback
        try (ServerSocket everywhere = new ServerSocket();
             ServerSocket loopback = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            everywhere.bind(new InetSocketAddress(0));
            // WHEN its listening sockets are read from /proc
            Set<ListeningSockets.Listener> listening = ListeningSockets.of(ProcessHandle.current().pid());
            // THEN both are found, the first off loopback and the second on it
            assertTrue(listening.stream().anyMatch(l -> l.port() == everywhere.getLocalPort() && !l.onLoopback()), listening.toString());
            assertTrue(listening.stream().anyMatch(l -> l.port() == loopback.getLocalPort() && l.onLoopback()), listening.toString());
        }
    }

    @Test
    void thePipelineAndTheServerListenOnLoopbackOnly() throws Exception {
        // GIVEN `replenish demo` in a child JVM: generate, catalog .. load-features, then serve on a free port
        Path log = Files.createFile(folder.resolve("demo.log"));
        Process demo = new ProcessBuilder(javaCommand("demo", "--users", "400", "--seed", "4",
                "--work", folder.resolve("work").toString(), "--port", "0"))
                .redirectErrorStream(true).start();
        try {
            CompletableFuture<String> url = servingUrl(demo, log);
            // WHEN its listening sockets are read every few milliseconds until it serves, then once more after it answered
            Set<ListeningSockets.Listener> seen = new LinkedHashSet<>();
            long deadline = System.nanoTime() + PIPELINE_LIMIT.toNanos();
            while (!url.isDone() && demo.isAlive() && System.nanoTime() < deadline) {
                seen.addAll(ListeningSockets.of(demo.pid()));
                Thread.sleep(20);
            }
            assertTrue(url.isDone() && !url.isCompletedExceptionally() && url.get() != null,
                    "the demo did not start serving; its output: " + Files.readString(log));
            URI api = URI.create(url.get());
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(api.resolve("v1/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            seen.addAll(ListeningSockets.of(demo.pid()));

            // THEN the API's own port was seen (the watch works) ...
            assertTrue(seen.stream().anyMatch(l -> l.port() == api.getPort() && l.onLoopback()), seen.toString());
            // ... and no socket, at any moment of the run, listened beyond loopback
            List<ListeningSockets.Listener> exposed = seen.stream().filter(l -> !l.onLoopback()).toList();
            assertEquals(List.of(), exposed, "listening beyond loopback; everything seen: " + seen);
        } finally {
            demo.destroy();
            if (!demo.waitFor(30, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
        }
    }

    /** The replenish command as ./replenish starts it, on this test's classpath. */
    private static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "@" + Path.of("spark-java17.options").toAbsolutePath(),
                "-cp", System.getProperty("java.class.path"), Replenish.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Copies the child's output to the log for its whole life (so it never blocks on a full pipe) and
     * completes with the URL it serves, or null if its output ends first.
     */
    private static CompletableFuture<String> servingUrl(Process demo, Path log) {
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    Matcher serving = SERVING.matcher(line);
                    if (serving.find()) {
                        url.complete(serving.group(1));
                    }
                }
            } catch (IOException stopped) {
                // the child ended
            }
            url.complete(null);
        }, "demo-output");
        reader.setDaemon(true);
        reader.start();
        return url;
    }
}
