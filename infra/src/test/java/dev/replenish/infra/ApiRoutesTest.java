package dev.replenish.infra;

import dev.replenish.core.serving.ApiRoute;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The routes the handler answers ({@link ApiRoute#ALL}, which the handler's own tests exercise), the
 * routes API Gateway has, and the routes the README documents are one list.
 */
class ApiRoutesTest {

    private final Template serving = SynthesizedReplenish.get().serving();

    /** "METHOD /path" for every route the handler serves. */
    private static Set<String> handlerRoutes() {
        Set<String> routes = new TreeSet<>();
        ApiRoute.ALL.forEach(route -> routes.add(route.toString()));
        return routes;
    }

    @Test
    void theSynthesizedApiHasExactlyTheHandlersRoutesWithTheirMethods() {
        // GIVEN the template's resources, each with its parent (the API's root has none in the template)
        Map<String, Map<String, Object>> resources = serving.findResources("AWS::ApiGateway::Resource");
        Map<String, String> paths = new HashMap<>();
        for (String id : resources.keySet()) {
            paths.put(id, path(id, resources));
        }
        // WHEN every method but the CORS preflights is read as "METHOD /path"
        Set<String> synthesized = new TreeSet<>();
        serving.findResources("AWS::ApiGateway::Method", Match.objectLike(Map.of("Properties",
                Match.objectLike(Map.of("HttpMethod", Match.not(Match.exact("OPTIONS"))))))).values().forEach(method -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) method.get("Properties");
            @SuppressWarnings("unchecked")
            Object resource = ((Map<String, Object>) properties.get("ResourceId")).get("Ref");
            synthesized.add(properties.get("HttpMethod") + " " + paths.get((String) resource));
        });
        // THEN they are the handler's routes, no more and no fewer
        assertEquals(handlerRoutes(), synthesized);
    }

    @SuppressWarnings("unchecked")
    private static String path(String id, Map<String, Map<String, Object>> resources) {
        Map<String, Object> properties = (Map<String, Object>) resources.get(id).get("Properties");
        Object parent = ((Map<String, Object>) properties.get("ParentId")).get("Ref");
        String prefix = parent == null ? "" : path((String) parent, resources);
        return prefix + "/" + properties.get("PathPart");
    }

    @Test
    void theReadmesApiTableHasARowWithAnAnswerAndErrorsForEveryRoute() throws IOException {
        // GIVEN the README's API section
        String readme = Files.readString(SynthesizedReplenish.REPO_ROOT.resolve("README.md"));
        int from = readme.indexOf("## The prediction API");
        String section = readme.substring(from, readme.indexOf("\n## ", from + 1));
        // THEN each route has one table row whose answer and errors cells are filled
        for (String route : handlerRoutes()) {
            String[] parts = route.split(" ", 2);
            int row = section.indexOf("\n| `" + parts[0] + " " + parts[1]);
            assertTrue(row >= 0, "the README's API table has no row for " + route);
            String line = section.substring(row + 1, section.indexOf('\n', row + 1));
            String[] cells = line.split(" \\| ");
            assertEquals(3, cells.length, "row of " + route + " should have request, answer and errors: " + line);
            assertTrue(cells[1].length() > 20 && cells[2].replace("|", "").trim().length() > 5, line);
        }
    }
}
