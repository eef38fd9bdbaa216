package dev.replenish.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replenish.infra.lake.LakePrefix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Walks every policy statement of every synthesized template: identity policies (roles' inline and
 * attached policies) and resource policies (bucket and topic policies).
 */
class LeastPrivilegeTest {

    /**
     * The only actions that may be granted on every resource ("*"), each because the service offers
     * no resource-level permission for it (or, for ListTags, Step Functions documents it so).
     */
    private static final Map<String, String> ACTIONS_WITHOUT_RESOURCES = Map.ofEntries(
            Map.entry("xray:PutTraceSegments", "X-Ray trace upload has no resource type"),
            Map.entry("xray:PutTelemetryRecords", "X-Ray telemetry has no resource type"),
            Map.entry("xray:GetSamplingRules", "X-Ray sampling has no resource type"),
            Map.entry("xray:GetSamplingTargets", "X-Ray sampling has no resource type"),
            Map.entry("logs:CreateLogDelivery", "vended-log delivery APIs (Step Functions logging) take no resource"),
            Map.entry("logs:GetLogDelivery", "vended-log delivery API"),
            Map.entry("logs:UpdateLogDelivery", "vended-log delivery API"),
            Map.entry("logs:DeleteLogDelivery", "vended-log delivery API"),
            Map.entry("logs:ListLogDeliveries", "vended-log delivery API"),
            Map.entry("logs:PutResourcePolicy", "vended-log delivery sets the log group's resource policy"),
            Map.entry("logs:DescribeResourcePolicies", "vended-log delivery reads resource policies"),
            Map.entry("logs:DescribeLogGroups", "vended-log delivery lists log groups"),
            Map.entry("ecr:GetAuthorizationToken", "registry login has no resource type"),
            Map.entry("cloudwatch:PutMetricData", "metrics have no resource type (limited by namespace instead)"),
            Map.entry("sagemaker:ListTags", "Step Functions' documented policy for the .sync training integration"));

    private static final Pattern EXPLICIT_ACTION = Pattern.compile("[a-z0-9-]+:[A-Za-z0-9]+");
    private static final Set<String> OBJECT_ACTIONS = Set.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload");

    record Statement(TemplateJson.Resource owner, JsonNode body) {
        List<String> actions() {
            return TemplateJson.asList(body.get("Action")).stream().map(JsonNode::asText).toList();
        }

        List<String> resources() {
            return TemplateJson.asList(body.get("Resource")).stream().map(TemplateJson::render).toList();
        }

        boolean allows() {
            return "Allow".equals(body.path("Effect").asText());
        }

        @Override
        public String toString() {
            return owner + ": " + body;
        }
    }

    private static final List<TemplateJson.Resource> RESOURCES =
            TemplateJson.allResources(SynthesizedReplenish.get().assemblyDir());

    private static List<Statement> statements() {
        List<Statement> statements = new ArrayList<>();
        for (TemplateJson.Resource resource : RESOURCES) {
            List<JsonNode> documents = new ArrayList<>();
            switch (resource.type()) {
                case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::S3::BucketPolicy", "AWS::SNS::TopicPolicy" ->
                        documents.add(resource.properties().get("PolicyDocument"));
                case "AWS::IAM::Role" -> resource.properties().path("Policies")
                        .forEach(policy -> documents.add(policy.get("PolicyDocument")));
                default -> { }
            }
            documents.forEach(document -> TemplateJson.asList(document.get("Statement"))
                    .forEach(statement -> statements.add(new Statement(resource, statement))));
        }
        return statements;
    }

    @Test
    void theWalkSeesThePoliciesOfEveryStack() {
        // GIVEN the statements found THEN all three stacks contribute, so the checks below are not vacuous
        Set<String> stacks = new HashSet<>();
        statements().forEach(statement -> stacks.add(statement.owner().stack()));
        assertEquals(Set.of(ReplenishApp.DATA_STACK, ReplenishApp.PIPELINE_STACK, ReplenishApp.SERVING_STACK), stacks);
        assertTrue(statements().size() > 50, "statements: " + statements().size());
    }

    @Test
    void everyAllowNamesItsActionsExplicitly() {
        for (Statement statement : statements()) {
            if (!statement.allows()) {
                continue;
            }
            assertFalse(statement.body().has("NotAction") || statement.body().has("NotResource"), statement.toString());
            for (String action : statement.actions()) {
                assertTrue(EXPLICIT_ACTION.matcher(action).matches(), "not an explicit action '" + action + "' in " + statement);
            }
        }
    }

    @Test
    void everyResourceIsGrantedOnlyForActionsThatTakeNoResource() {
        for (Statement statement : statements()) {
            if (statement.allows() && statement.resources().contains("*")) {
                for (String action : statement.actions()) {
                    assertTrue(ACTIONS_WITHOUT_RESOURCES.containsKey(action), action + " is granted on every resource in " + statement);
                }
                if (statement.actions().contains("cloudwatch:PutMetricData")) {
                    assertTrue(statement.body().path("Condition").toString().contains("cloudwatch:namespace"), statement.toString());
                }
            }
        }
    }

    @Test
    void lakeObjectsAreGrantedPerPrefixOrNarrowerNeverBucketWide() {
        // GIVEN the lake's object ARNs in every statement (lake bucket referenced directly or across stacks)
        Set<String> prefixes = new HashSet<>();
        Arrays.stream(LakePrefix.values()).forEach(prefix -> prefixes.add("/" + prefix.everything()));
        int lakeGrants = 0;
        for (Statement statement : statements()) {
            if (!statement.allows()) {
                continue;
            }
            for (String resource : statement.resources()) {
                if (resource.contains("LakeBucket") && resource.contains("/")) {
                    lakeGrants++;
                    String path = resource.substring(resource.indexOf(">/") + 1);
                    // THEN each is one of the lake layout's prefixes, or a part of one (the evaluation transform's keys)
                    assertTrue(prefixes.contains(path) || Arrays.stream(LakePrefix.values())
                                    .anyMatch(prefix -> path.startsWith("/" + prefix.key()) && path.length() > prefix.key().length() + 2),
                            "lake objects granted as '" + path + "' in " + statement);
                }
            }
        }
        assertTrue(lakeGrants > 10, "lake grants found: " + lakeGrants);
    }

    @Test
    void onlyTheSiteBucketIsEverGrantedAsAWhole() {
        for (Statement statement : statements()) {
            if (!statement.allows()) {
                continue;
            }
            for (String resource : statement.resources()) {
                if (resource.endsWith(">/*") && statement.actions().stream().anyMatch(OBJECT_ACTIONS::contains)) {
                    assertTrue(resource.startsWith("<SiteBucket"), "whole bucket granted: " + statement);
                }
            }
        }
    }

    @Test
    void noRoleUsesManagedPoliciesAndNothingIsAllowedToEveryone() {
        for (TemplateJson.Resource resource : RESOURCES) {
            if (resource.type().equals("AWS::IAM::Role")) {
                assertTrue(resource.properties().path("ManagedPolicyArns").isMissingNode(), resource + " has managed policies");
            }
        }
        for (Statement statement : statements()) {
            if (statement.allows()) {
                String principal = statement.body().path("Principal").toString();
                assertFalse(principal.equals("\"*\"") || principal.contains("\"AWS\":\"*\""), statement.toString());
            }
        }
    }

    @Test
    void rolesArePassedOnlyToSageMakerAndOnlyByName() {
        for (Statement statement : statements()) {
            if (statement.actions().contains("iam:PassRole")) {
                assertFalse(statement.resources().contains("*"), statement.toString());
                assertTrue(statement.body().path("Condition").toString().contains("sagemaker.amazonaws.com"), statement.toString());
            }
        }
    }

    @Test
    void everyFunctionHasARoleOfItsOwn() {
        // GIVEN the app's Java functions (CDK's site-deployment function aside)
        List<String> roles = RESOURCES.stream()
                .filter(resource -> resource.type().equals("AWS::Lambda::Function"))
                .filter(resource -> resource.properties().path("Handler").asText().startsWith("dev.replenish."))
                .map(resource -> resource.stack() + "/" + TemplateJson.render(resource.properties().get("Role")))
                .toList();
        // THEN six functions (the run guard, four pipeline steps' and the API), six distinct roles
        assertEquals(6, roles.size(), roles.toString());
        assertEquals(6, new HashSet<>(roles).size(), roles.toString());
    }
}
