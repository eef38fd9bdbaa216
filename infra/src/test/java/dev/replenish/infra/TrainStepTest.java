package dev.replenish.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.replenish.infra.StateMachineDefinition.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The train step's states (pipeline.TrainStep). */
class TrainStepTest {

    @Test
    void trainingUsesTheBuiltInXgboostImageOfTheRegionAndTheSharedHyperParameters() {
        JsonNode training = STATES.get("train: train XGBoost");
        assertTrue(training.get("Resource").asText().endsWith(":states:::sagemaker:createTrainingJob.sync"));
        String image = training.get("Parameters").get("AlgorithmSpecification").get("TrainingImage").asText();
        assertTrue(image.startsWith("<map ") && image.endsWith("/sagemaker-xgboost:3.0-5"), image);
        Map<String, String> hyperParameters = new ObjectMapper().convertValue(
                training.get("Parameters").get("HyperParameters"), new com.fasterxml.jackson.core.type.TypeReference<>() { });
        assertEquals(dev.replenish.core.config.ReplenishConfig.defaults().training().sageMakerHyperParameters(), hyperParameters);
        assertEquals("train: publish model.tar.gz", training.get("Next").asText());
        assertEquals("States.Format('<LakeBucketB1D32E10>/models/{}/replenish-{}/output/model.tar.gz', $.runId, $.runId)",
                STATES.get("train: publish model.tar.gz").get("Parameters").get("CopySource.$").asText().replaceAll("<[^>]*LakeBucket[^>]*>", "<LakeBucketB1D32E10>"));
    }
}
