package dev.replenish.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.infra.functions.LambdaHandlers;
import dev.replenish.infra.join.JoinJob;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipeline stack's resources (the state machine's definition has its own test). */
class PipelineStackTest {

    private final Template pipeline = SynthesizedReplenish.get().pipeline();

    @Test
    void everyPipelineHandlerRunsOnJava21WithTracingPowertoolsAndItsOwnLogGroup() {
        // GIVEN the five pipeline handlers THEN each is a java21 function configured the same way
        for (String handler : List.of(LambdaHandlers.RUN_GUARD, LambdaHandlers.CRAWLER, LambdaHandlers.START_QUERY, LambdaHandlers.QUERY_STATUS,
                LambdaHandlers.EVALUATION_GATE)) {
            pipeline.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "Handler", handler + "::handleRequest",
                    "Runtime", "java21",
                    "TracingConfig", Map.of("Mode", "Active"),
                    "LoggingConfig", Map.of("LogGroup", Map.of("Ref", Match.anyValue())),
                    "Environment", Map.of("Variables", Match.objectLike(Map.of(
                            "POWERTOOLS_SERVICE_NAME", Match.stringLikeRegexp("replenish-.*"),
                            "POWERTOOLS_LOG_LEVEL", "INFO",
                            "POWERTOOLS_METRICS_NAMESPACE", "Replenish"))))));
        }
    }

    @Test
    void everyLogGroupHasTheConfiguredRetentionAndGoesAwayWithTheStack() {
        // GIVEN every log group of the pipeline stack THEN 30 days and deleted with the stack
        Map<String, Map<String, Object>> groups = pipeline.findResources("AWS::Logs::LogGroup");
        assertEquals(6, groups.size(), "five functions and the state machine");
        groups.values().forEach(group -> {
            assertEquals("Delete", group.get("DeletionPolicy"), group.toString());
            assertTrue(group.get("Properties").toString().contains("RetentionInDays=30"), group.toString());
        });
    }

    @Test
    void joinIsAGlue5JobWithTheJarAsExtraJarsAndBookmarksOff() {
        // GIVEN the pipeline stack THEN the Glue job has every property the issue lists
        pipeline.hasResourceProperties("AWS::Glue::Job", Match.objectLike(Map.of(
                "GlueVersion", "5.0",
                "Command", Map.of("Name", "glueetl", "PythonVersion", "3",
                        "ScriptLocation", Map.of("Fn::Sub", Match.stringLikeRegexp("s3://cdk-.*\\.py"))),
                "WorkerType", "G.1X",
                "NumberOfWorkers", 2,
                "Timeout", 60,
                "MaxRetries", 0,
                "DefaultArguments", Match.objectLike(Map.of(
                        "--extra-jars", Map.of("Fn::Sub", Match.stringLikeRegexp("s3://cdk-.*\\.jar")),
                        "--job-bookmark-option", "job-bookmark-disable",
                        "--lake_root", Match.anyValue())))));
    }

    @Test
    void joinReceivesTheCandidateSourcesItComputesAsJsonThatReadsBackToTheDefaults() {
        // GIVEN the join job's default arguments
        Map<String, Map<String, Object>> joins = pipeline.findResources("AWS::Glue::Job", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("DefaultArguments", Match.objectLike(Map.of(
                        JoinJob.CANDIDATE_SOURCES_ARGUMENT, Match.anyValue())))))));
        assertEquals(1, joins.size(), joins.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> arguments = (Map<String, Object>) ((Map<String, Object>) joins.values().iterator().next()
                .get("Properties")).get("DefaultArguments");
        // WHEN the --candidate_sources argument is read as the join's entry script hands it over
        var sources = ReplenishConfig.CandidateSources.fromJson(
                (String) arguments.get(JoinJob.CANDIDATE_SOURCES_ARGUMENT));
        // THEN it is the configuration's candidate sources, neighbour settings included, the same as the local join's
        assertEquals(ReplenishConfig.defaults().candidateSources(), sources);
        assertEquals(ReplenishConfig.defaults().candidateSources().neighbourVotes().poolUsers(),
                sources.neighbourVotes().poolUsers());
        // AND the missions' and latent factors' settings read back as the local join's
        assertEquals(ReplenishConfig.defaults().join().missions(),
                ReplenishConfig.Missions.fromJson((String) arguments.get(JoinJob.MISSIONS_ARGUMENT)));
        assertEquals(ReplenishConfig.defaults().join().latentFactors(),
                ReplenishConfig.LatentFactors.fromJson((String) arguments.get(JoinJob.LATENT_FACTORS_ARGUMENT)));
    }

    @Test
    void joinMayReplaceOnlyTheFittedModelFoldersUnderModels() throws Exception {
        // GIVEN the pipeline stack's IAM policies, as JSON
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> policies = new java.util.ArrayList<>();
        for (Map<String, Object> policy : pipeline.findResources("AWS::IAM::Policy").values()) {
            policies.add(json.writeValueAsString(policy));
        }
        String missions = "\"/models/*/" + dev.replenish.core.lake.LakeLayout.MISSIONS_MODEL + "/*\"";
        String factors = "\"/models/*/" + dev.replenish.core.lake.LakeLayout.LATENT_FACTORS_MODEL + "/*\"";
        // WHEN the policy granting the fitted models' folders is found
        List<String> joins = policies.stream().filter(policy -> policy.contains(missions)).toList();
        // THEN one policy (the join's) grants both folders of every run, and no object under models/ beyond them
        assertEquals(1, joins.size(), "policies naming " + missions + ": " + joins.size());
        assertTrue(joins.get(0).contains(factors), joins.get(0));
        assertFalse(joins.get(0).contains("\"/models/*\"]"), "the join may not write the whole models/ prefix: " + joins.get(0));
    }

    @Test
    void featureLoadIsAGlue5JobOfTheSameJarWithCoresWriteSettings() {
        // GIVEN the pipeline stack THEN the feature load is a second Glue 5.0 job
        Map<String, Map<String, Object>> loads = pipeline.findResources("AWS::Glue::Job", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of(
                        "Command", Map.of("Name", "glueetl", "PythonVersion", "3",
                                "ScriptLocation", Map.of("Fn::Sub", Match.stringLikeRegexp("s3://cdk-.*\\.py"))),
                        "DefaultArguments", Match.objectLike(Map.of("--feature_table", Match.anyValue())))))));
        assertEquals(1, loads.size(), loads.toString());
        pipeline.hasResourceProperties("AWS::Glue::Job", Match.objectLike(Map.of(
                "GlueVersion", "5.0",
                "WorkerType", "G.1X",
                "NumberOfWorkers", 2,
                "Timeout", 60,
                "MaxRetries", 0,
                "DefaultArguments", Match.objectLike(Map.ofEntries(
                        // the same jar as the join: the loader runs exactly the local code
                        Map.entry("--extra-jars", Map.of("Fn::Sub", Match.stringLikeRegexp("s3://cdk-.*\\.jar"))),
                        Map.entry("--job-bookmark-option", "job-bookmark-disable"),
                        Map.entry("--lake_root", Match.anyValue()),
                        Map.entry("--feature_table", Map.of("Fn::GetStackOutput", Match.objectLike(Map.of(
                                "StackName", "Replenish-Data", "OutputName", Match.stringLikeRegexp(".*FeatureStoreUserFeatures.*"))))),
                        Map.entry("--product_table", Map.of("Fn::GetStackOutput", Match.objectLike(Map.of(
                                "StackName", "Replenish-Data", "OutputName", Match.stringLikeRegexp(".*FeatureStoreProductCatalog.*"))))),
                        Map.entry("--feature_store_region", Map.of("Ref", "AWS::Region")),
                        Map.entry("--trim_by_feature", "user_product_times_bought"),
                        Map.entry("--calls_in_flight", "4"),
                        Map.entry("--max_attempts", "12"),
                        Map.entry("--base_backoff_millis", "50"),
                        Map.entry("--max_backoff_millis", "5000"))))));
    }

    @Test
    void featureLoadRoleReadsTrainingCuratedAndFeaturesAndWritesExactlyTheTwoTables() {
        // GIVEN the feature load job's role policy
        Map<String, Map<String, Object>> policies = pipeline.findResources("AWS::IAM::Policy", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("FeatureLoadRole.*"))))))));
        assertEquals(1, policies.size(), policies.keySet().toString());
        String policy = policies.values().iterator().next().toString();
        // THEN DynamoDB batch writes and table descriptions on the two feature store tables, nothing more
        assertTrue(policy.contains("Action=[dynamodb:BatchWriteItem, dynamodb:DescribeTable]"), policy);
        assertFalse(policy.contains("dynamodb:PutItem"), policy);
        assertFalse(policy.contains("dynamodb:*"), policy);
        assertTrue(policy.contains("FeatureStoreUserFeatures") && policy.contains("FeatureStoreProductCatalog"), policy);
        // AND lake objects under training/, curated/ and features/ (the similar products) only, read-only
        assertTrue(policy.contains("/training/*") && policy.contains("/curated/*") && policy.contains("/features/*"), policy);
        assertFalse(policy.contains("/models/*") || policy.contains("/raw/*"), policy);
        assertFalse(policy.contains("s3:PutObject") || policy.contains("s3:DeleteObject"), policy);
        // AND Glue's log groups
        assertTrue(policy.contains("log-group:/aws-glue/jobs/*"), policy);
    }

    @Test
    void theEvaluationGateIsTheEvaluationPackagesHandlerAndFindsTheActiveModelThroughTheEndpoint() {
        // GIVEN the gate function THEN it runs the evaluation package's handler with the lake and the
        // endpoint's name, and no longer the model package group
        Map<String, Map<String, Object>> gates = pipeline.findResources("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of(
                        "Handler", "dev.replenish.lambdas.evaluation.EvaluationGateHandler::handleRequest",
                        "Environment", Map.of("Variables", Match.objectLike(Map.of(
                                "REPLENISH_LAKE_BUCKET", Match.anyValue(),
                                "REPLENISH_ENDPOINT_NAME", "replenish-reorder"))))))));
        assertEquals(1, gates.size(), "gate functions: " + gates.keySet());
        assertFalse(gates.toString().contains("REPLENISH_MODEL_PACKAGE_GROUP"), gates.toString());

        // WHEN reading its role's policy
        List<Map<String, Object>> policy = rolePolicy("FunctionsEvaluationGateRole.*");

        // THEN it may describe the endpoint, the endpoint's per-run configurations and models, and
        // nothing else of SageMaker (the model registry is no longer how it finds the active model)
        assertTrue(grant(policy, "sagemaker:DescribeEndpoint").contains(":endpoint/replenish-reorder]"), policy.toString());
        assertTrue(grant(policy, "sagemaker:DescribeEndpointConfig").contains(":endpoint-config/replenish-reorder-*]"), policy.toString());
        assertTrue(grant(policy, "sagemaker:DescribeModel").contains(":model/replenish-reorder-*]"), policy.toString());
        assertEquals(3, policy.stream().filter(statement -> statement.toString().contains("sagemaker:")).count(), policy.toString());
        // AND it reads and lists training/ and reports/, writes reports/ only, and never touches models/
        assertTrue(grant(policy, "s3:GetObject").contains("/training/*") && grant(policy, "s3:GetObject").contains("/reports/*"), policy.toString());
        assertTrue(grant(policy, "s3:ListBucket").contains("training/*"), policy.toString());
        assertTrue(grant(policy, "s3:PutObject").contains("/reports/*"), policy.toString());
        assertFalse(grant(policy, "s3:PutObject").contains("/training/*"), policy.toString());
        assertFalse(policy.toString().contains("/models/*"), policy.toString());
    }

    @Test
    void startQueryMayReadAndRebuildTrainingForTheEvaluationQueries() {
        // GIVEN the start-query function's policy
        List<Map<String, Object>> policy = rolePolicy("FunctionsStartQueryRole.*");
        // THEN training/ is among the prefixes it reads, lists, writes and deletes (the baselines' CTAS
        // reads the validation rows and replaces training/<run>/baselines/<table>/)
        for (String action : List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject")) {
            assertTrue(grant(policy, action).contains("/training/*"), action + ": " + policy);
        }
        assertTrue(grant(policy, "s3:ListBucket").contains("training/*"), policy.toString());
    }

    @Test
    void theServedModelsRoleReadsModelsOnlyAndTheEvaluationModelsRoleOnlyItsTransformsKeys() {
        // GIVEN the role of the served models
        List<Map<String, Object>> served = rolePolicy("EndpointModelRole.*");
        // THEN it reads models/ and nothing else of the lake, writes and lists nothing there
        assertTrue(grant(served, "s3:GetObject").contains("/models/*"), served.toString());
        assertFalse(served.toString().contains("/training/"), served.toString());
        assertFalse(served.toString().contains("s3:PutObject") || served.toString().contains("s3:ListBucket"), served.toString());

        // GIVEN the evaluation model's role (a batch transform runs with its model's role)
        List<Map<String, Object>> evaluation = rolePolicy("EndpointEvaluationModelRole.*");
        // THEN it reads models/ and the runs' evaluation CSV, lists only that, writes only the runs' scores, deletes nothing
        String read = grant(evaluation, "s3:GetObject");
        assertTrue(read.contains("/models/*") && read.contains("/training/*/evaluation-csv/*"), read);
        assertFalse(read.contains("/training/*\""), read);
        assertTrue(grant(evaluation, "s3:ListBucket").contains("training/*/evaluation-csv/*"), evaluation.toString());
        String write = grant(evaluation, "s3:PutObject");
        assertTrue(write.contains("/training/*/evaluation-scores/*"), write);
        assertFalse(write.contains("/models/") || write.contains("/reports/") || write.contains("evaluation-csv"), write);
        assertFalse(evaluation.toString().contains("s3:DeleteObject"), evaluation.toString());
        // AND the transform containers may log to SageMaker's transform log group
        assertTrue(grant(evaluation, "logs:PutLogEvents").contains("log-group:/aws/sagemaker/TransformJobs*"), evaluation.toString());
    }

    @Test
    void theStateMachineMayRunAndWatchOnlyTheEvaluationsTransformJobs() {
        // GIVEN the state machine role's policy
        List<Map<String, Object>> policy = rolePolicy("PipelineStateMachineRole.*");

        // THEN the transform job is created, watched and stopped (and tagged) only under the evaluation's prefix
        for (String action : List.of("sagemaker:CreateTransformJob", "sagemaker:DescribeTransformJob",
                "sagemaker:StopTransformJob", "sagemaker:AddTags")) {
            assertTrue(grant(policy, action).contains(":transform-job/replenish-eval-*"), action + ": " + policy);
        }
        assertFalse(policy.toString().contains(":transform-job/*"), policy.toString());
        // AND the .sync integration may manage its own EventBridge rule for transform jobs, and no other
        String rules = grant(policy, "events:PutRule");
        assertTrue(rules.contains(":rule/StepFunctionsGetEventsForSageMakerTransformJobsRule"), rules);
        assertTrue(grant(policy, "events:PutTargets").contains("TransformJobsRule")
                && grant(policy, "events:DescribeRule").contains("TransformJobsRule"), policy.toString());
        // AND the evaluation model is created within the endpoint's model prefix, with its own role passed to SageMaker
        assertTrue(grant(policy, "sagemaker:CreateModel").contains(":model/replenish-reorder-*"), policy.toString());
        assertTrue(grant(policy, "iam:PassRole").contains("EndpointEvaluationModelRole"), policy.toString());
        assertTrue(grant(policy, "iam:PassRole").contains("EndpointModelRole"), policy.toString());
    }

    /** The statements of the one policy attached to the role whose logical id matches. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> rolePolicy(String roleLogicalIdPattern) {
        Map<String, Map<String, Object>> policies = pipeline.findResources("AWS::IAM::Policy", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("Roles", List.of(Map.of("Ref", Match.stringLikeRegexp(roleLogicalIdPattern))))))));
        assertEquals(1, policies.size(), roleLogicalIdPattern + ": " + policies.keySet());
        Map<String, Object> properties = (Map<String, Object>) policies.values().iterator().next().get("Properties");
        return (List<Map<String, Object>>) ((Map<String, Object>) properties.get("PolicyDocument")).get("Statement");
    }

    /** The resources (and condition, as text) of every Allow statement granting the action; fails when none does. */
    private static String grant(List<Map<String, Object>> statements, String action) {
        List<String> found = statements.stream()
                .filter(statement -> "Allow".equals(statement.get("Effect")))
                .filter(statement -> statement.get("Action").equals(action)
                        || (statement.get("Action") instanceof List<?> actions && actions.contains(action)))
                .map(statement -> statement.getOrDefault("Condition", "") + " " + statement.get("Resource"))
                .toList();
        assertFalse(found.isEmpty(), "no statement grants " + action + " in " + statements);
        return String.join(" | ", found);
    }

    @Test
    void xgboostImageAccountIsAMappingByRegionFromAwsTable() {
        // GIVEN the template's mappings THEN the published accounts of several regions are present
        Map<String, Map<String, Object>> mappings = pipeline.findMappings("*");
        assertEquals(1, mappings.size());
        Map<String, Object> byRegion = mappings.values().iterator().next();
        assertEquals(Map.of("account", "683313688378"), byRegion.get("us-east-1"));
        assertEquals(Map.of("account", "246618743249"), byRegion.get("us-west-2"));
        assertEquals(Map.of("account", "141502667606"), byRegion.get("eu-west-1"));
        assertEquals(Map.of("account", "492215442770"), byRegion.get("eu-central-1"));
        assertTrue(byRegion.size() >= 30, "all commercial regions with the image: " + byRegion.keySet());
    }

    @Test
    void modelPackageGroupIsTheRegistry() {
        pipeline.hasResourceProperties("AWS::SageMaker::ModelPackageGroup", Match.objectLike(Map.of(
                "ModelPackageGroupName", "replenish-reorder")));
    }

    @Test
    void failureTopicIsEncryptedAndRefusesInsecurePublishing() {
        // GIVEN the pipeline stack THEN the failure topic uses SNS's managed key and a TLS-only policy
        pipeline.hasResourceProperties("AWS::SNS::Topic", Match.objectLike(Map.of(
                "KmsMasterKeyId", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(
                        Match.arrayWith(List.of(Match.stringLikeRegexp(".*:alias/aws/sns"))))))))));
        pipeline.hasResourceProperties("AWS::SNS::TopicPolicy", Match.objectLike(Map.of(
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny", "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
    }

    @Test
    void stateMachineLogsEverythingToCloudWatchAndTracesWithXray() {
        pipeline.hasResourceProperties("AWS::StepFunctions::StateMachine", Match.objectLike(Map.of(
                "StateMachineName", "replenish-pipeline",
                "StateMachineType", "STANDARD",
                "TracingConfiguration", Map.of("Enabled", true),
                "LoggingConfiguration", Match.objectLike(Map.of("Level", "ALL", "IncludeExecutionData", true)))));
        pipeline.hasResourceProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of(
                "LogGroupName", "/aws/vendedlogs/states/replenish-pipeline")));
    }

    @Test
    void theRawDataMarkerNotEachFileStartsARun() {
        // GIVEN the default configuration THEN one rule starts the state machine on the marker only
        pipeline.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "EventPattern", Map.of(
                        "source", List.of("aws.s3"),
                        "detail-type", List.of("Object Created"),
                        "detail", Map.of("bucket", Match.anyValue(), "object", Map.of("key", List.of("raw/_READY")))),
                "Targets", List.of(Match.objectLike(Map.of("Arn", Map.of("Ref", Match.stringLikeRegexp("PipelineStateMachine.*"))))))));
        // AND no schedule unless one is configured
        assertEquals(0, pipeline.findResources("AWS::Events::Rule", Match.objectLike(Map.of(
                "Properties", Map.of("ScheduleExpression", Match.anyValue())))).size());
    }

    @Test
    void stateMachineArnIsAnOutput() {
        pipeline.hasOutput("StateMachineArn", Match.objectLike(Map.of(
                "Value", Map.of("Ref", Match.stringLikeRegexp("PipelineStateMachine.*")))));
    }

    @Test
    void queryFunctionsOutlastEveryAthenaWaitAtItsLimit() {
        // GIVEN how long the handlers wait on one Athena statement at most (core's defaults, which they use)
        int ddlTimeout = ReplenishConfig.defaults().athena().ddlTimeoutSeconds();
        // WHEN reading the query functions' timeouts
        Map<String, Integer> timeouts = new java.util.HashMap<>();
        pipeline.findResources("AWS::Lambda::Function").values().forEach(function -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) function.get("Properties");
            timeouts.put(String.valueOf(properties.get("Handler")), ((Number) properties.get("Timeout")).intValue());
        });
        // THEN a start, which may wait three times (drop and define validation_candidates, drop the previous
        // table), and a status, which may wait once (the reject count), each have time left for their calls
        assertTrue(timeouts.get(LambdaHandlers.handlerOf(LambdaHandlers.START_QUERY)) >= 3 * ddlTimeout + 30, timeouts.toString());
        assertTrue(timeouts.get(LambdaHandlers.handlerOf(LambdaHandlers.QUERY_STATUS)) >= ddlTimeout + 30, timeouts.toString());
        // AND the state machine waits for the function's whole timeout
        JsonNode start = StateMachineDefinition.allStates(StateMachineDefinition.STATES).get("curate: start query");
        assertTrue(start.get("TimeoutSeconds").asInt() > timeouts.get(LambdaHandlers.handlerOf(LambdaHandlers.START_QUERY)), start.toString());
    }

    @Test
    void everyVariableTheAppSetsForTheHandlersIsOneCoreNamesForBothSides() throws IllegalAccessException {
        // GIVEN the names core's CloudEnvironment declares for infra and lambdas alike
        java.util.Set<Object> shared = new java.util.HashSet<>();
        for (java.lang.reflect.Field field : dev.replenish.core.config.CloudEnvironment.class.getFields()) {
            shared.add(field.get(null));
        }
        // WHEN reading every variable set on the app's Java functions, in every stack
        List<String> names = TemplateJson.allResources(SynthesizedReplenish.get().assemblyDir()).stream()
                .filter(resource -> resource.type().equals("AWS::Lambda::Function"))
                .filter(resource -> resource.properties().path("Handler").asText().startsWith("dev.replenish."))
                .flatMap(resource -> iterable(resource.properties().path("Environment").path("Variables").fieldNames()).stream())
                .toList();
        // THEN each is one of them, or Powertools' own
        assertFalse(names.isEmpty());
        names.forEach(name -> assertTrue(shared.contains(name) || name.startsWith("POWERTOOLS_"), name));
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void theStateMachinesWildcardSuppressionNamesWhatCdkGrantsOnTrainingJobsAndWhy() {
        // GIVEN the state machine role's policy: CDK's .sync training task grants these on training-job/*
        Map<String, Map<String, Object>> policies = pipeline.findResources("AWS::IAM::Policy", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("PolicyName", Match.stringLikeRegexp("PipelineStateMachineRole.*"))))));
        assertEquals(1, policies.size());
        String policy = policies.values().iterator().next().toString();
        assertTrue(policy.contains("Action=[sagemaker:AddTags, sagemaker:CreateTrainingJob, sagemaker:DescribeTrainingJob, "
                + "sagemaker:StopTrainingJob], Effect=Allow, Resource={Fn::Join=[, [arn:aws:sagemaker:us-east-1:, "
                + "{Ref=AWS::AccountId}, :training-job/*]]}"), policy);
        // THEN the IAM5 suppression's reason names each of them, the resource, and why it cannot be narrower
        String reason = policy.substring(policy.indexOf("reason="));
        for (String granted : List.of("sagemaker:CreateTrainingJob", "DescribeTrainingJob", "StopTrainingJob", "AddTags",
                "training-job/*", "sagemaker:ListTags", "<function arn>:*")) {
            assertTrue(reason.contains(granted), granted + " missing from " + reason);
        }
        assertTrue(reason.contains("named per run"), reason);
    }
}
