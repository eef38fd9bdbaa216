package dev.replenish.core.registry;

import dev.replenish.core.features.FeatureManifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replenish.core.config.ReplenishConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ModelManifestTest {

    @Test
    void aManifestWrittenBeforeTheNeighbourSettingsExistedIsReadWithTodaysDefaultsForThem() throws Exception {
        // GIVEN a manifest as an older version wrote it: its configuration has no neighbourVotes and
        // no targetPopularCandidates in either candidate-sources section, no missions or latent
        // factors in its join section, no fitted models, and a tuned maxDepth
        ReplenishConfig tuned = ReplenishConfig.defaults();
        ModelManifest current = new ModelManifest("r1", "2026-12-01T00:00:00Z", "git abc",
                new ModelManifest.TrainingInput("00", 10, 2, 1), "fp", List.of("f1"), tuned,
                Map.of("max_depth", "6"), new ModelManifest.TrainingOutcome(5, 4, "logloss", 0.2, true, 1, 1.0), null,
                List.of(new FeatureManifest.FittedModel("missions", "LocalLDAModel", "models/r1/missions-lda/")));
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode tree = (ObjectNode) mapper.readTree(current.toJson());
        ObjectNode configuration = (ObjectNode) tree.get("configuration");
        for (ObjectNode sources : List.of((ObjectNode) configuration.get("candidateSources"),
                (ObjectNode) configuration.get("nextBasket").get("candidateSources"))) {
            sources.remove("neighbourVotes");
            sources.remove("targetPopularCandidates");
        }
        ((ObjectNode) configuration.get("join")).remove(List.of("missions", "latentFactors"));
        tree.remove("fittedModels");
        ((ObjectNode) configuration.get("training")).put("maxDepth", 9);

        // WHEN this version reads it
        ModelManifest read = ModelManifest.fromJson(mapper.writeValueAsString(tree), "models/r1/manifest.json");

        // THEN the missing settings read as today's defaults and the stored ones are kept
        assertEquals(ReplenishConfig.defaults().candidateSources().neighbourVotes(),
                read.configuration().candidateSources().neighbourVotes());
        assertEquals(ReplenishConfig.defaults().nextBasket().candidateSources().neighbourVotes(),
                read.configuration().nextBasket().candidateSources().neighbourVotes());
        assertEquals(ReplenishConfig.defaults().join(), read.configuration().join());
        assertEquals(List.of(), read.fittedModels());
        assertEquals(9, read.configuration().training().maxDepth());
        assertEquals(ReplenishConfig.defaults().training().evalMetrics(), read.configuration().training().evalMetrics(),
                "a stored list replaces the default, it is not appended to it");
        assertEquals("r1", read.runId());
    }
}
