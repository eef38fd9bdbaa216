package dev.replenish.lambdas.query;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AthenaSettingsTest {

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("REPLENISH_ATHENA_WORKGROUP", "replenish");
        env.put("REPLENISH_LAKE_DATABASE", "replenish_lake");
        env.put("REPLENISH_RAW_DATABASE", "replenish_raw");
        env.put("REPLENISH_LAKE_BUCKET", "replenish-lake-123");
        return env;
    }

    @Test
    void theSettingsComeFromTheDocumentedVariablesAndTheResultsLocationIsOptional() {
        // GIVEN the four required variables
        // WHEN read
        AthenaSettings settings = AthenaSettings.fromEnvironment(environment());
        // THEN
        assertEquals(new AthenaSettings("replenish", "replenish_lake", "replenish_raw", "replenish-lake-123", null), settings);
        Map<String, String> withResults = environment();
        withResults.put("REPLENISH_ATHENA_RESULTS", "s3://replenish-results/athena/");
        assertEquals("s3://replenish-results/athena/", AthenaSettings.fromEnvironment(withResults).resultsLocation());
        assertNull(settings.resultsLocation());
    }

    @Test
    void aMissingOrMalformedVariableIsAnErrorNamingIt() {
        // GIVEN each required variable missing in turn
        for (String variable : environment().keySet()) {
            Map<String, String> env = environment();
            env.remove(variable);
            // THEN the error names it
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> AthenaSettings.fromEnvironment(env));
            assertTrue(error.getMessage().contains(variable), error.getMessage());
        }
        // AND one database for raw and curated tables is refused: their table names collide
        Map<String, String> same = environment();
        same.put("REPLENISH_RAW_DATABASE", "replenish_lake");
        assertThrows(IllegalArgumentException.class, () -> AthenaSettings.fromEnvironment(same));
        Map<String, String> upper = environment();
        upper.put("REPLENISH_LAKE_DATABASE", "Replenish-Lake");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AthenaSettings.fromEnvironment(upper))
                .getMessage().contains("REPLENISH_LAKE_DATABASE"));
    }
}
