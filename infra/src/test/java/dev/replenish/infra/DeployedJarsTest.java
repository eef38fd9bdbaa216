package dev.replenish.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.functions.LambdaHandlers;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The jars the app deploys, as the build leaves them (lambdas/target, glue-scripts/target; the
 * infra pom builds those modules first): every handler runs from its own group's jar with exactly
 * the SDK clients it calls, INFO logs leave as JSON, and the Glue job jar keeps its AWS SDK out of
 * Glue's way.
 */
class DeployedJarsTest {

    private static final InfraConfig.Artifacts BUILT = InfraConfig.defaults(SynthesizedReplenish.REPO_ROOT).artifacts();
    private static final Pattern DEPENDENCY = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+(.+?)\\s*$");
    private static final Pattern SDK_SERVICE = Pattern.compile("^software\\.amazon\\.awssdk\\.services\\.([a-z0-9]+)\\..*");
    private static final Map<LambdaHandlers.Jar, ClassGraph> GRAPHS = new HashMap<>();

    @Test
    void everyHandlerLoadsFromItsJarAsALambdaHandler() throws Exception {
        for (Map.Entry<String, LambdaHandlers.Jar> handler : LambdaHandlers.all().entrySet()) {
            // GIVEN the built jar of the handler's group, alone on a class path
            try (URLClassLoader jar = new URLClassLoader(new URL[] {built(handler.getValue()).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader())) {
                // WHEN Lambda would load and initialize the handler class
                Class<?> loaded = Class.forName(handler.getKey(), true, jar);

                // THEN it is one of the two handler interfaces Lambda calls, with a public no-argument constructor
                boolean requestHandler = jar.loadClass("com.amazonaws.services.lambda.runtime.RequestHandler").isAssignableFrom(loaded);
                boolean streamHandler = jar.loadClass("com.amazonaws.services.lambda.runtime.RequestStreamHandler").isAssignableFrom(loaded);
                assertTrue(requestHandler || streamHandler, handler.getKey() + " implements neither handler interface");
                assertNotNull(loaded.getConstructor(), handler.getKey());
            }
        }
    }

    @Test
    void everyClassAHandlerCanReachIsInItsJar() throws IOException {
        for (Map.Entry<String, LambdaHandlers.Jar> handler : LambdaHandlers.all().entrySet()) {
            // GIVEN the classes of ours the handler reaches in its jar
            ClassGraph graph = graph(handler.getValue());
            // WHEN their references to other classes are looked up in that jar
            Set<String> missing = new TreeSet<>();
            graph.reachableFrom(handler.getKey()).forEach(c -> missing.addAll(graph.missing(c)));
            // THEN none is missing
            assertEquals(Set.of(), missing, handler.getKey() + " in " + handler.getValue().fileName());
        }
    }

    @Test
    void eachJarShipsExactlyTheSdkClientsItsHandlersCall() throws IOException {
        for (LambdaHandlers.Jar jar : LambdaHandlers.Jar.values()) {
            // GIVEN the SDK service clients the jar's handlers call, through any class of ours they reach
            ClassGraph graph = graph(jar);
            Set<String> called = new TreeSet<>();
            LambdaHandlers.all().forEach((handler, itsJar) -> {
                if (itsJar == jar) {
                    graph.reachableFrom(handler).forEach(c -> graph.references(c).stream()
                            .map(SDK_SERVICE::matcher).filter(Matcher::matches).forEach(m -> called.add(m.group(1))));
                }
            });
            // WHEN the jar's contents are listed
            Set<String> shipped = new TreeSet<>();
            try (ZipFile zip = new ZipFile(built(jar).toFile())) {
                zip.stream().map(ZipEntry::getName)
                        .map(n -> Pattern.compile("^software/amazon/awssdk/services/([a-z0-9]+)/.*").matcher(n))
                        .filter(Matcher::matches).forEach(m -> shipped.add(m.group(1)));
            }
            // THEN it ships those clients and no other
            assertFalse(called.isEmpty(), jar.fileName());
            assertEquals(called, shipped, jar.fileName());
        }
    }

    @Test
    void everyLambdaJarConfiguresLog4jForJsonAtInfoOnStandardOutput() throws Exception {
        for (LambdaHandlers.Jar jar : LambdaHandlers.Jar.values()) {
            try (ZipFile zip = new ZipFile(built(jar).toFile())) {
                // GIVEN the log4j2.xml log4j finds in the jar
                ZipEntry config = zip.getEntry("log4j2.xml");
                assertNotNull(config, jar.fileName() + " has no log4j2.xml: log4j's default prints errors only");
                Document xml;
                try (InputStream in = zip.getInputStream(config)) {
                    xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
                }
                // THEN our loggers log at POWERTOOLS_LOG_LEVEL (INFO unless set), libraries at WARN
                Element ours = only(xml, "Logger");
                assertEquals("dev.replenish", ours.getAttribute("name"));
                assertEquals("${env:POWERTOOLS_LOG_LEVEL:-INFO}", ours.getAttribute("level"));
                assertEquals("WARN", only(xml, "Root").getAttribute("level"));
                // AND both write to standard output, which Lambda sends to the function's log group,
                // in Powertools' JSON layout
                Element console = only(xml, "Console");
                assertEquals("SYSTEM_OUT", console.getAttribute("target"));
                assertEquals("classpath:LambdaJsonLayout.json", only(xml, "JsonTemplateLayout").getAttribute("eventTemplateUri"));
                assertNotNull(zip.getEntry("LambdaJsonLayout.json"), jar.fileName());
                // AND log4j's merged plugin list knows that layout and Powertools' fields
                String plugins;
                try (InputStream in = zip.getInputStream(zip.getEntry("META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat"))) {
                    plugins = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                }
                assertTrue(plugins.contains("org.apache.logging.log4j.layout.template.json.JsonTemplateLayout"), jar.fileName());
                assertTrue(plugins.contains("PowertoolsResolverFactory"), jar.fileName());
            }
        }
    }

    @Test
    void aHandlersInfoLineLeavesEveryBuiltJarAsJsonAndLibraryChatterDoesNot() throws Exception {
        for (Map.Entry<String, LambdaHandlers.Jar> handler : firstHandlerOfEachJar().entrySet()) {
            // GIVEN a Lambda jar alone on the class path, with the log level the CDK app sets
            ProcessBuilder process = new ProcessBuilder(java(), "-cp", built(handler.getValue()).toString(),
                    probe("LogProbe.java").toString(), handler.getKey());
            process.environment().put("POWERTOOLS_LOG_LEVEL", "INFO");

            // WHEN the handler's logger writes at INFO and DEBUG, and a library at INFO and WARN
            List<String> lines = run(process).lines().filter(l -> l.startsWith("{")).toList();

            // THEN standard output holds the INFO line and the library's warning, as JSON in Powertools'
            // layout (whose request fields Powertools fills in during an invocation)
            String jar = handler.getValue().fileName();
            assertEquals(2, lines.size(), jar + ": " + lines);
            JsonNode info = new ObjectMapper().readTree(lines.get(0));
            assertEquals("INFO", info.path("level").asText(), jar + ": " + lines.get(0));
            assertEquals("probe at info", info.path("message").asText(), jar + ": " + lines.get(0));
            assertTrue(info.has("function_request_id") && info.has("service"), jar + ": " + lines.get(0));
            assertEquals("library at warn", new ObjectMapper().readTree(lines.get(1)).path("message").asText(), jar);
        }
    }

    @Test
    void theGlueJobJarShipsNoClassInThePackagesOfLibrariesGlueHasToo() throws IOException {
        // GIVEN the built Glue job jar WHEN its classes are listed
        List<String> clashing = new ArrayList<>();
        try (ZipFile zip = new ZipFile(BUILT.glueJobJar().toFile())) {
            zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class"))
                    .filter(n -> n.startsWith("software/amazon/") || n.startsWith("org/reactivestreams/") || n.startsWith("io/airlift/"))
                    .forEach(clashing::add);
            // THEN the SDK and the LZ4 codec it carries live under our own package, where Glue's copies cannot shadow them
            assertTrue(zip.getEntry("dev/replenish/glue/shaded/awssdk/services/dynamodb/DynamoDbClient.class") != null,
                    "the relocated DynamoDB client is missing");
            assertTrue(zip.getEntry("dev/replenish/glue/shaded/aircompressor/lz4/Lz4Compressor.class") != null,
                    "the relocated LZ4 compressor is missing");
        }
        assertEquals(List.of(), clashing.stream().limit(5).toList());
    }

    @Test
    void theGlueJobJarsRelocatedSdkCallsDynamoDbAsTheFeatureLoadDoes() throws Exception {
        // GIVEN an endpoint standing in for DynamoDB that knows both feature store tables
        List<String> targets = Collections.synchronizedList(new ArrayList<>());
        HttpServer dynamo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        dynamo.createContext("/", exchange -> {
            targets.add(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            byte[] body = "{\"TableNames\":[\"replenish-features\",\"replenish-products\"]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        dynamo.start();
        try {
            // WHEN the feature load's client, run from the job jar with only what Glue adds (slf4j), checks the tables
            Path slf4j = Path.of(org.slf4j.LoggerFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            String output = run(new ProcessBuilder(java(), "-cp",
                    BUILT.glueJobJar() + java.io.File.pathSeparator + slf4j, probe("RelocatedSdkProbe.java").toString(),
                    "http://127.0.0.1:" + dynamo.getAddress().getPort()));

            // THEN the relocated client sent DynamoDB's ListTables and found them
            assertEquals(List.of("DynamoDB_20120810.ListTables", "DynamoDB_20120810.ListTables"), targets);
            assertTrue(output.contains("client dev.replenish.glue.shaded.awssdk.services.dynamodb."), output);
        } finally {
            dynamo.stop(0);
        }
    }

    private static Map<String, LambdaHandlers.Jar> firstHandlerOfEachJar() {
        Map<String, LambdaHandlers.Jar> first = new java.util.LinkedHashMap<>();
        LambdaHandlers.all().forEach((handler, jar) -> {
            if (!first.containsValue(jar)) {
                first.put(handler, jar);
            }
        });
        assertEquals(LambdaHandlers.Jar.values().length, first.size(), "a jar without handlers");
        return first;
    }

    private static Path built(LambdaHandlers.Jar jar) {
        Path file = BUILT.lambdaJarDir().resolve(jar.fileName());
        if (!Files.isRegularFile(file)) {
            fail(file + " is not built: run this test through Maven with the modules it needs, "
                    + "mvn -pl infra -am verify");
        }
        return file;
    }

    private static Element only(Document xml, String tag) {
        assertEquals(1, xml.getElementsByTagName(tag).getLength(), tag);
        return (Element) xml.getElementsByTagName(tag).item(0);
    }

    private static Path probe(String name) throws Exception {
        return Path.of(DeployedJarsTest.class.getResource("/deployed-jars/" + name).toURI());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String run(ProcessBuilder process) throws IOException, InterruptedException {
        Process started = process.redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        started.getInputStream().transferTo(output);
        assertTrue(started.waitFor(60, TimeUnit.SECONDS));
        String text = output.toString(StandardCharsets.UTF_8);
        assertEquals(0, started.exitValue(), text);
        return text;
    }

    private static synchronized ClassGraph graph(LambdaHandlers.Jar jar) {
        return GRAPHS.computeIfAbsent(jar, j -> ClassGraph.of(built(j)));
    }

    /** What each class of ours in a jar refers to, as jdeps (the JDK's dependency analyser) reads it. */
    private record ClassGraph(Map<String, Set<String>> references, Map<String, Set<String>> missing) {

        static ClassGraph of(Path jar) {
            ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
            StringWriter out = new StringWriter();
            int exit = jdeps.run(new PrintWriter(out), new PrintWriter(out),
                    "-verbose:class", "-filter:none", "--multi-release", "17", "-include", "dev\\.replenish\\..*", jar.toString());
            assertEquals(0, exit, out.toString());
            Map<String, Set<String>> references = new HashMap<>();
            Map<String, Set<String>> missing = new HashMap<>();
            out.toString().lines().map(DEPENDENCY::matcher).filter(Matcher::matches).forEach(m -> {
                references.computeIfAbsent(m.group(1), c -> new HashSet<>()).add(m.group(2));
                if (m.group(3).equals("not found")) {
                    missing.computeIfAbsent(m.group(1), c -> new HashSet<>()).add(m.group(2));
                }
            });
            return new ClassGraph(references, missing);
        }

        Set<String> references(String className) {
            return references.getOrDefault(className, Set.of());
        }

        Set<String> missing(String className) {
            return missing.getOrDefault(className, Set.of());
        }

        /** The class and every class of ours it reaches through references. */
        Set<String> reachableFrom(String className) {
            assertTrue(references.containsKey(className), className + " is not in the jar");
            Set<String> seen = new HashSet<>(Set.of(className));
            Deque<String> next = new ArrayDeque<>(seen);
            while (!next.isEmpty()) {
                references(next.pop()).stream()
                        .filter(c -> c.startsWith("dev.replenish.") && references.containsKey(c) && seen.add(c))
                        .forEach(next::add);
            }
            return seen.stream().collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
