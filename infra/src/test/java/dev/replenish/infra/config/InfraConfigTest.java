package dev.replenish.infra.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.config.ReplenishConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfraConfigTest {

    private static final Path REPO_ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void cdkJsonDocumentsEverySettingWithItsDefaultFromCode() throws IOException {
        // GIVEN the settings the code reads, each with its default
        ContextSettings recording = ContextSettings.empty();
        InfraConfig.fromContext(recording, REPO_ROOT);
        Map<String, String> fromCode = new TreeMap<>();
        recording.defaultsRead().forEach((key, value) -> fromCode.put(key, String.valueOf(value)));

        // WHEN reading the settings cdk.json documents
        Map<String, Object> cdkJson = new ObjectMapper().readValue(REPO_ROOT.resolve("cdk.json").toFile(),
                new TypeReference<Map<String, Object>>() { });
        @SuppressWarnings("unchecked")
        Map<String, Object> context = (Map<String, Object>) cdkJson.get("context");
        Map<String, String> documented = new TreeMap<>();
        context.forEach((key, value) -> {
            if (key.startsWith(ContextSettings.PREFIX)) {
                documented.put(key, String.valueOf(value));
            }
        });

        // THEN both name the same settings with the same values
        assertEquals(fromCode, documented);
    }

    @Test
    void contextFromTheCommandLineOverridesDefaultsAsStrings() {
        // GIVEN values as `cdk deploy -c key=value` passes them: strings
        ContextSettings context = new ContextSettings(Map.<String, Object>of(
                "replenish:endpoint.type", "serverless",
                "replenish:join.numberOfWorkers", "10",
                "replenish:query.maxRejectFraction", "0.05",
                "replenish:pipeline.schedule", "rate(7 days)")::get);

        // WHEN the configuration is read
        InfraConfig config = InfraConfig.fromContext(context, REPO_ROOT);

        // THEN each override is applied with its type, and the rest keep their defaults
        assertEquals(InfraConfig.EndpointType.SERVERLESS, config.endpoint().type());
        assertEquals(10, config.join().numberOfWorkers());
        assertEquals(0.05, config.query().maxRejectFraction());
        assertEquals("rate(7 days)", config.pipeline().schedule().orElseThrow());
        assertEquals("ml.m5.large", config.endpoint().instanceType());
    }

    @Test
    void rejectThresholdDefaultsToTheLocalRunsValue() {
        // GIVEN no context WHEN the configuration is read
        InfraConfig config = InfraConfig.defaults(REPO_ROOT);

        // THEN the cloud curate step uses the same threshold as the local one
        assertEquals(ReplenishConfig.defaults().ingest().maxRejectFraction(), config.query().maxRejectFraction());
    }

    @Test
    void anInvalidValueIsRejectedNamingItsKey() {
        // GIVEN an endpoint type that does not exist and a log retention CloudWatch does not offer
        ContextSettings badType = new ContextSettings(Map.<String, Object>of("replenish:endpoint.type", "gpu")::get);
        ContextSettings badRetention = new ContextSettings(Map.<String, Object>of("replenish:logs.retentionDays", 31)::get);

        // WHEN read THEN the error names the key and what it accepts
        ContextSettings.InvalidSettingException type = assertThrows(ContextSettings.InvalidSettingException.class,
                () -> InfraConfig.fromContext(badType, REPO_ROOT));
        assertTrue(type.getMessage().contains("replenish:endpoint.type") && type.getMessage().contains("serverless"),
                type.getMessage());
        ContextSettings.InvalidSettingException retention = assertThrows(ContextSettings.InvalidSettingException.class,
                () -> InfraConfig.fromContext(badRetention, REPO_ROOT));
        assertTrue(retention.getMessage().contains("replenish:logs.retentionDays"), retention.getMessage());
    }

    @Test
    void anEndpointNameTooLongForPerRunModelNamesIsRejected() {
        // GIVEN a name that leaves no room for "-<run id>" within SageMaker's 63 characters
        ContextSettings context = new ContextSettings(
                Map.<String, Object>of("replenish:endpoint.name", "replenish-reorder-production-eu")::get);

        // WHEN read THEN it is refused, naming the key
        ContextSettings.InvalidSettingException error = assertThrows(ContextSettings.InvalidSettingException.class,
                () -> InfraConfig.fromContext(context, REPO_ROOT));
        assertTrue(error.getMessage().contains("replenish:endpoint.name"), error.getMessage());
    }

    @Test
    void theBatchTransformInstanceTypeIsOverridableAndValidatedLikeTheOthers() {
        // GIVEN a transform instance type from the command line, and one SageMaker would not accept
        ContextSettings override = new ContextSettings(
                Map.<String, Object>of("replenish:training.transformInstanceType", "ml.c5.2xlarge")::get);
        ContextSettings bad = new ContextSettings(
                Map.<String, Object>of("replenish:training.transformInstanceType", "m5.xlarge")::get);

        // WHEN read THEN the override is taken, the default stays ml.m5.xlarge, and the bad value is refused by key
        assertEquals("ml.c5.2xlarge", InfraConfig.fromContext(override, REPO_ROOT).training().transformInstanceType());
        assertEquals("ml.m5.xlarge", InfraConfig.defaults(REPO_ROOT).training().transformInstanceType());
        ContextSettings.InvalidSettingException error = assertThrows(ContextSettings.InvalidSettingException.class,
                () -> InfraConfig.fromContext(bad, REPO_ROOT));
        assertTrue(error.getMessage().contains("replenish:training.transformInstanceType"), error.getMessage());
    }

    @Test
    void hyperParametersAreCoresTrainingConfigurationAsSageMakerTakesThem() {
        // GIVEN no context WHEN the configuration is read
        InfraConfig config = InfraConfig.fromContext(new ContextSettings(key -> null), REPO_ROOT);

        // THEN the training job gets exactly the map the local trainer's configuration yields
        assertEquals(ReplenishConfig.defaults().training().sageMakerHyperParameters(), config.training().hyperParameters());
    }

    @Test
    void apiAccessIsPublicByDefaultAndARateLimitBelowWafsSmallestIsRefused() {
        // GIVEN no API settings THEN the API is public and has no per-client limit
        InfraConfig.Api api = InfraConfig.fromContext(ContextSettings.empty(), REPO_ROOT).api();
        assertEquals(InfraConfig.ApiAccess.PUBLIC, api.access());
        assertEquals(0, api.perClientRateLimit());
        // WHEN a limit of 5 requests per 5 minutes is asked for THEN the setting is named with WAF's minimum
        ContextSettings tooLow = new ContextSettings(Map.<String, Object>of("replenish:api.perClientRateLimit", 5)::get);
        ContextSettings.InvalidSettingException error = assertThrows(ContextSettings.InvalidSettingException.class,
                () -> InfraConfig.fromContext(tooLow, REPO_ROOT));
        assertTrue(error.getMessage().startsWith("replenish:api.perClientRateLimit: 5 is below WAF's smallest"), error.getMessage());
    }

    @Test
    void theLongestEndpointNameStillLeavesSageMakerRoomForTheLongestRunId() {
        // GIVEN the longest endpoint name the configuration accepts (20 characters)
        String longest = "e".repeat(20);
        InfraConfig config = InfraConfig.fromContext(new ContextSettings(Map.<String, Object>of("replenish:endpoint.name", longest)::get), REPO_ROOT);
        // WHEN the longest run id core's rule accepts is put in the longest derived name, "<endpoint>-eval-<run id>"
        String evaluationModel = config.endpoint().name() + "-eval-" + "r".repeat(dev.replenish.core.pipeline.RunId.MAX_LENGTH);
        // THEN it fits SageMaker's 63 characters
        assertTrue(evaluationModel.length() <= dev.replenish.infra.training.SageMakerArns.MAX_NAME_LENGTH, evaluationModel);
        // AND a longer endpoint name is refused
        assertThrows(ContextSettings.InvalidSettingException.class, () -> InfraConfig.fromContext(
                new ContextSettings(Map.<String, Object>of("replenish:endpoint.name", longest + "e")::get), REPO_ROOT));
    }
}
