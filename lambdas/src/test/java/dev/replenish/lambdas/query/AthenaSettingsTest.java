package dev.replenish.lambdas.query;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AthenaSettingsTest {

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("REPLENISH_ATHENA_WORKGROUP", "replenish-wg");
        env.put("REPLENISH_GLUE_DATABASE", "replenish");
        env.put("REPLENISH_RAW_TABLE_PREFIX", "raw_");
        env.put("REPLENISH_LAKE_BUCKET", "replenish-lake-123");
        return env;
    }

    @Test
    void theSettingsComeFromTheVariablesTheCdkAppSets() {
        // GIVEN the four variables
        // WHEN read THEN each lands in its field
        assertEquals(new AthenaSettings("replenish-wg", "replenish", "raw_", "replenish-lake-123"),
                AthenaSettings.fromEnvironment(environment()));
    }

    @Test
    void aMissingOrMalformedVariableIsAnErrorNamingIt() {
        // GIVEN each variable missing in turn
        for (String variable : environment().keySet()) {
            Map<String, String> env = environment();
            env.remove(variable);
            // THEN the error names it
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> AthenaSettings.fromEnvironment(env));
            assertTrue(error.getMessage().contains(variable), error.getMessage());
        }
        // AND a database name Glue would not keep as written is refused, naming the variable
        Map<String, String> upper = environment();
        upper.put("REPLENISH_GLUE_DATABASE", "Replenish-Lake");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AthenaSettings.fromEnvironment(upper))
                .getMessage().contains("REPLENISH_GLUE_DATABASE"));
        // AND an empty raw prefix, which would give crawled tables the curated tables' names
        Map<String, String> noPrefix = environment();
        noPrefix.put("REPLENISH_RAW_TABLE_PREFIX", "");
        assertThrows(IllegalArgumentException.class, () -> AthenaSettings.fromEnvironment(noPrefix));
    }
}
