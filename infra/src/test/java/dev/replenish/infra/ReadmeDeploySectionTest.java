package dev.replenish.infra;

import dev.replenish.infra.config.InfraConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the README's "Deploy to AWS" tells a deployer, checked against what the app does. */
class ReadmeDeploySectionTest {

    private static String deploySection() throws IOException {
        String readme = Files.readString(SynthesizedReplenish.REPO_ROOT.resolve("README.md"));
        int from = readme.indexOf("## Deploy to AWS");
        assertTrue(from >= 0, "README has no Deploy to AWS section");
        int to = readme.indexOf("\n## ", from + 1);
        return readme.substring(from, to < 0 ? readme.length() : to);
    }

    @Test
    void aQuotaCheckBeforeTheFirstRunNamesTheDefaultInstanceTypesOfTrainingTransformAndEndpoint() throws IOException {
        // GIVEN the instance types a run uses by default
        InfraConfig defaults = InfraConfig.defaults(SynthesizedReplenish.REPO_ROOT);
        String section = deploySection();
        // THEN the section checks each one's SageMaker quota and says how to ask for more
        assertTrue(section.contains("'" + defaults.training().instanceType() + " for training job usage'"), "training quota");
        assertTrue(section.contains("'" + defaults.training().transformInstanceType() + " for transform job usage'"), "transform quota");
        assertTrue(section.contains("'" + defaults.endpoint().instanceType() + " for endpoint usage'"), "endpoint quota");
        assertTrue(section.contains("aws service-quotas list-service-quotas --service-code sagemaker"), section);
        assertTrue(section.contains("aws service-quotas request-service-quota-increase --service-code sagemaker"), section);
        assertTrue(section.indexOf("### 0. Check SageMaker's quotas") < section.indexOf("### 4. Upload the six files"));
    }

    @Test
    void beforeTheFirstDeploymentTheApiIsSaidToAnswer503NoModelDeployed() throws IOException {
        // GIVEN the API handler's answer when the endpoint does not exist yet (lambdas' SageMakerScorer)
        String section = deploySection();
        // THEN the README says so, and no longer promises a 404
        assertTrue(section.contains("the API answers 503\n`{\"error\": \"no model deployed\""), section);
        assertFalse(section.contains("answers 404 for\nunknown users"), section);
    }

    @Test
    void theDefaultPublicApiIsSaidToBePublicWithWhatItExposesAndTheTwoChoicesAreDocumented() throws IOException {
        String section = deploySection();
        assertTrue(section.contains("By default the API is **public**"), section);
        assertTrue(section.contains("any user id's candidate products") && section.contains("can be enumerated"), section);
        for (String key : new String[] {"replenish:api.access=private", "replenish:api.perClientRateLimit=N"}) {
            assertTrue(section.contains(key), key);
        }
        assertTrue(section.contains("$0.60 per million requests"), "the WAF's cost is stated");
    }
}
