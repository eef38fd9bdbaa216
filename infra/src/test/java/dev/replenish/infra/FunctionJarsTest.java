package dev.replenish.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replenish.infra.functions.LambdaHandlers;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each function is deployed with the jar of its handler's group, not one jar for all. */
class FunctionJarsTest {

    @Test
    void everyFunctionRunsTheJarOfItsHandlersGroup() throws IOException {
        // GIVEN the synthesized app, whose stand-in jars each hold an entry naming the jar they stand in for
        SynthesizedReplenish.Synthesized app = SynthesizedReplenish.get();
        Path assembly = app.assemblyDir();

        // WHEN each function's code asset is traced back to the stand-in it was made from
        Map<String, String> jarOfHandler = new LinkedHashMap<>();
        for (TemplateJson.Resource function : TemplateJson.allResources(assembly)) {
            if (!function.type().equals("AWS::Lambda::Function") || !function.properties().has("Handler")) {
                continue;
            }
            String handler = function.properties().path("Handler").asText();
            if (!handler.startsWith("dev.replenish.")) {
                continue; // CDK's own helper functions
            }
            JsonNode s3Key = function.properties().path("Code").path("S3Key");
            jarOfHandler.put(handler, standInOf(assembly.resolve("asset." + s3Key.asText())));
        }

        // THEN every handler LambdaHandlers names is deployed, each from its own group's jar
        Map<String, String> expected = new LinkedHashMap<>();
        LambdaHandlers.all().forEach((className, jar) -> expected.put(LambdaHandlers.handlerOf(className), jar.fileName()));
        assertEquals(expected, jarOfHandler);
        // AND the groups differ: the query functions share one jar, the others each have their own
        assertEquals(4, jarOfHandler.values().stream().distinct().count(), jarOfHandler.toString());
    }

    private static String standInOf(Path asset) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(asset.toFile())) {
            zip.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith(SynthesizedReplenish.STAND_IN_ENTRY) && n.length() > SynthesizedReplenish.STAND_IN_ENTRY.length())
                    .forEach(n -> names.add(n.substring(SynthesizedReplenish.STAND_IN_ENTRY.length())));
        }
        assertTrue(names.size() == 1, asset + " holds " + names);
        return names.get(0);
    }
}
