package dev.replenish.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The non-default choices the configuration offers, in one more synthesis shared by these tests: a
 * serverless endpoint, a schedule, an alert address, another batch transform instance, and a private API
 * with a per-client rate limit. Written
 * to target/cdk.out-variant, which infra/cfn-lint.sh lints too.
 */
class ConfigurationVariantsTest {

    private static final SynthesizedReplenish.Synthesized VARIANT = SynthesizedReplenish.withContext("cdk.out-variant", Map.of(
            "replenish:endpoint.type", "serverless",
            "replenish:endpoint.serverlessMemoryMb", "3072",
            "replenish:pipeline.schedule", "rate(7 days)",
            "replenish:pipeline.alertEmail", "ops@example.com",
            "replenish:training.transformInstanceType", "ml.c5.2xlarge",
            "replenish:training.transformMaxRuntimeMinutes", "20",
            "replenish:api.access", "private",
            "replenish:api.perClientRateLimit", "1000"));

    private static JsonNode state(String name) {
        TemplateJson.Resource stateMachine = TemplateJson.allResources(VARIANT.assemblyDir()).stream()
                .filter(resource -> resource.type().equals("AWS::StepFunctions::StateMachine"))
                .findFirst().orElseThrow();
        return TemplateJson.parse(TemplateJson.render(stateMachine.properties().get("DefinitionString"))).get("States").get(name);
    }

    @Test
    void aServerlessEndpointGetsAServerlessVariantAndAPlainUpdate() {
        // GIVEN endpoint.type=serverless THEN the runtime endpoint configuration has no instances
        JsonNode variant = state("deploy: create endpoint configuration").get("Parameters").get("ProductionVariants").get(0);
        assertEquals(3072, variant.get("ServerlessConfig").get("MemorySizeInMB").asInt());
        assertEquals(5, variant.get("ServerlessConfig").get("MaxConcurrency").asInt());
        assertFalse(variant.has("InstanceType"), variant.toString());
        // AND UpdateEndpoint carries no blue/green policy, which serverless endpoints do not take
        assertFalse(state("deploy: update endpoint (blue/green)").get("Parameters").has("DeploymentConfig"));
    }

    @Test
    void theBatchTransformTakesItsInstanceTypeAndWaitFromConfiguration() {
        // GIVEN a transform instance type and run time set by context
        JsonNode transform = state("evaluate: score validation set and query baselines")
                .get("Branches").get(0).get("States").get("evaluate: score validation set (batch transform)");
        // THEN the transform job runs on it, and the state waits that long plus the start margin
        assertEquals("ml.c5.2xlarge", transform.get("Parameters").get("TransformResources").get("InstanceType").asText());
        assertEquals((20 + 30) * 60, transform.get("TimeoutSeconds").asInt());
    }

    @Test
    void aScheduleAlsoStartsThePipeline() {
        VARIANT.pipeline().hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "ScheduleExpression", "rate(7 days)",
                "Targets", List.of(Match.objectLike(Map.of("Arn", Map.of("Ref", Match.stringLikeRegexp("PipelineStateMachine.*"))))))));
    }

    @Test
    void anAlertAddressIsSubscribedToFailures() {
        VARIANT.pipeline().hasResourceProperties("AWS::SNS::Subscription", Match.objectLike(Map.of(
                "Protocol", "email", "Endpoint", "ops@example.com")));
    }

    @Test
    void theVariantPassesTheSameChecks() {
        assertEquals(List.of(), ReplenishApp.nagFindings(VARIANT.app()));
    }

    @Test
    void aPrivateApiTakesOnlyIamSignedCallsAndNoPreflight() {
        // GIVEN api.access=private THEN the API has one method per route and no OPTIONS (no browser
        // preflight to answer), and every method requires IAM (SigV4) authorization
        Map<String, Map<String, Object>> methods = VARIANT.serving().findResources("AWS::ApiGateway::Method");
        assertEquals(dev.replenish.core.serving.ApiRoute.ALL.size(), methods.size(), "one method per route, no OPTIONS: " + methods.keySet());
        methods.values().forEach(method -> assertFalse(method.toString().contains("HttpMethod=OPTIONS"), method.toString()));
        methods.values().forEach(method -> assertTrue(method.toString().contains("AuthorizationType=AWS_IAM"), method.toString()));
    }

    @Test
    void aPerClientRateLimitPutsAWafRateRuleByIpOnTheStage() {
        // GIVEN api.perClientRateLimit=1000 THEN a regional web ACL blocks an IP over 1000 requests in 5 minutes
        VARIANT.serving().hasResourceProperties("AWS::WAFv2::WebACL", Match.objectLike(Map.of(
                "Scope", "REGIONAL",
                "DefaultAction", Map.of("Allow", Map.of()),
                "Rules", List.of(Match.objectLike(Map.of(
                        "Action", Map.of("Block", Map.of()),
                        "Statement", Map.of("RateBasedStatement", Map.of("Limit", 1000, "AggregateKeyType", "IP"))))))));
        // AND it is associated with the API's stage
        VARIANT.serving().hasResourceProperties("AWS::WAFv2::WebACLAssociation", Match.objectLike(Map.of(
                "ResourceArn", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(
                        List.of(Match.stringLikeRegexp(".*/stages/.*")))))))
                )));
    }
}
