package dev.replenish.infra;

import dev.replenish.core.config.ReplenishConfig;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The data stack's resources and their key properties. */
class DataStackTest {

    private final Template data = SynthesizedReplenish.get().data();

    @Test
    void lakeBucketIsEncryptedPrivateVersionedLoggedAndAnnouncesUploads() {
        // GIVEN the synthesized data stack THEN the lake bucket has all of these
        data.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                        "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "VersioningConfiguration", Map.of("Status", "Enabled"),
                "LoggingConfiguration", Match.objectLike(Map.of(
                        "DestinationBucketName", Map.of("Ref", Match.stringLikeRegexp("AccessLogsBucket.*")),
                        "LogFilePrefix", "lake/")),
                "NotificationConfiguration", Map.of("EventBridgeConfiguration", Map.of("EventBridgeEnabled", true)))));
    }

    @Test
    void lakeLifecycleExpiresAthenaResultsAndOldRunsButKeepsModels() {
        // GIVEN the default configuration THEN scratch expires in 7 days, per-run tables in 30
        data.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "VersioningConfiguration", Map.of("Status", "Enabled"),
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Prefix", "athena-results/", "ExpirationInDays", 7, "Status", "Enabled")),
                        Match.objectLike(Map.of("Prefix", "tmp/", "ExpirationInDays", 7, "Status", "Enabled")),
                        Match.objectLike(Map.of("Prefix", "features/", "ExpirationInDays", 30)),
                        Match.objectLike(Map.of("Prefix", "training/", "ExpirationInDays", 30)),
                        Match.objectLike(Map.of("NoncurrentVersionExpiration", Map.of("NoncurrentDays", 30)))))))));
        // AND no rule expires models/ or reports/
        Map<String, Map<String, Object>> buckets = data.findResources("AWS::S3::Bucket");
        String all = buckets.toString();
        assertFalse(all.contains("Prefix=models/") || all.contains("Prefix=reports/"), all);
    }

    @Test
    void everyBucketRefusesRequestsWithoutTls() {
        // GIVEN the data stack's buckets THEN each bucket policy denies insecure transport
        Map<String, Map<String, Object>> policies = data.findResources("AWS::S3::BucketPolicy", Match.objectLike(Map.of(
                "Properties", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
        assertEquals(data.findResources("AWS::S3::Bucket").size(), policies.size());
        // AND the lake also refuses TLS older than 1.2
        data.hasResourceProperties("AWS::S3::BucketPolicy", Match.objectLike(Map.of(
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Condition", Map.of("NumericLessThan", Map.of("s3:TlsVersion", 1.2))))))))));
    }

    @Test
    void lakeAndItsAccessLogsSurviveStackDeletion() {
        // GIVEN the data stack THEN both buckets are retained (the data is the user's)
        Map<String, Map<String, Object>> buckets = data.findResources("AWS::S3::Bucket");
        assertEquals(2, buckets.size());
        buckets.values().forEach(bucket -> assertEquals("Retain", bucket.get("DeletionPolicy"), bucket.toString()));
    }

    @Test
    void catalogCrawlsEachRawFolderAsOneTableWithAQuoteAwareCsvClassifier() {
        // GIVEN the data stack THEN the database, the classifier and the crawler are configured so
        data.hasResourceProperties("AWS::Glue::Database", Match.objectLike(Map.of(
                "DatabaseInput", Match.objectLike(Map.of("Name", "replenish")))));
        data.hasResourceProperties("AWS::Glue::Classifier", Map.of("CsvClassifier", Match.objectLike(Map.of(
                "Delimiter", ",", "QuoteSymbol", "\"", "ContainsHeader", "PRESENT"))));
        data.hasResourceProperties("AWS::Glue::Crawler", Match.objectLike(Map.of(
                "DatabaseName", "replenish",
                "TablePrefix", "raw_",
                "Targets", Map.of("S3Targets", List.of(Match.objectLike(Map.of(
                        "Path", Map.of("Fn::Join", List.of("", List.of("s3://", Map.of("Ref", Match.stringLikeRegexp("LakeBucket.*")), "/raw/"))),
                        "Exclusions", List.of("_*", "**/_*"))))),
                "Configuration", "{\"Version\":1.0,\"Grouping\":{\"TableLevelConfiguration\":2}}",
                "SchemaChangePolicy", Map.of("UpdateBehavior", "UPDATE_IN_DATABASE", "DeleteBehavior", "LOG"))));
    }

    @Test
    void athenaWorkgroupEnforcesResultLocationEncryptionAndAScanLimit() {
        // GIVEN the data stack THEN queries cannot escape the workgroup's settings
        data.hasResourceProperties("AWS::Athena::WorkGroup", Match.objectLike(Map.of(
                "Name", "replenish",
                "RecursiveDeleteOption", true,
                "WorkGroupConfiguration", Match.objectLike(Map.of(
                        "EnforceWorkGroupConfiguration", true,
                        "BytesScannedCutoffPerQuery", 10L * 1024 * 1024 * 1024,
                        "EngineVersion", Map.of("SelectedEngineVersion", "Athena engine version 3"),
                        "ResultConfiguration", Map.of(
                                "OutputLocation", Map.of("Fn::Join", List.of("", List.of("s3://",
                                        Map.of("Ref", Match.stringLikeRegexp("LakeBucket.*")), "/athena-results/"))),
                                "EncryptionConfiguration", Map.of("EncryptionOption", "SSE_S3")))))));
    }

    @Test
    void featureStoreAndProductCatalogAreOnDemandWithRecoveryAndEncryption() {
        // GIVEN the data stack THEN both tables are keyed by the contract's ids and protected
        for (String key : List.of("user_id", "product_id")) {
            data.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                    "KeySchema", List.of(Map.of("AttributeName", key, "KeyType", "HASH")),
                    "AttributeDefinitions", List.of(Map.of("AttributeName", key, "AttributeType", "N")),
                    "BillingMode", "PAY_PER_REQUEST",
                    "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                    "SSESpecification", Map.of("SSEEnabled", true)));
        }
        data.resourceCountIs("AWS::DynamoDB::Table", 2);
    }

    @Test
    void rejectThresholdReachesTheQueryFunctions() {
        // GIVEN the pipeline stack THEN the curate query functions get core's default threshold
        SynthesizedReplenish.get().pipeline().hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.replenish.lambdas.query.StartQueryHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "REPLENISH_MAX_REJECT_FRACTION", Double.toString(ReplenishConfig.defaults().ingest().maxRejectFraction())))))));
    }

    @Test
    void bucketNameIsAnOutput() {
        data.hasOutput("LakeBucketName", Match.objectLike(Map.of("Value", Map.of("Ref", Match.stringLikeRegexp("LakeBucket.*")))));
    }

    @Test
    void everyBucketOfEveryStackIsEncryptedPrivateOwnedAndRefusesTlsBefore12() {
        // GIVEN every bucket of the app (lake, site, and each stack's access logs) and every bucket policy
        List<TemplateJson.Resource> resources = TemplateJson.allResources(SynthesizedReplenish.get().assemblyDir());
        List<TemplateJson.Resource> buckets = resources.stream().filter(r -> r.type().equals("AWS::S3::Bucket")).toList();
        assertEquals(4, buckets.size(), buckets.toString());
        // THEN each is encrypted at rest and blocks every kind of public access
        buckets.forEach(bucket -> {
            String properties = bucket.properties().toString();
            assertTrue(properties.contains("\"SSEAlgorithm\":\"AES256\""), bucket.logicalId());
            for (String block : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
                assertTrue(properties.contains("\"" + block + "\":true"), bucket.logicalId() + " " + block);
            }
        });
        // AND each has a policy refusing plain HTTP and TLS before 1.2
        long refusingOldTls = resources.stream().filter(r -> r.type().equals("AWS::S3::BucketPolicy"))
                .filter(policy -> policy.properties().toString().contains("\"s3:TlsVersion\":1.2"))
                .filter(policy -> policy.properties().toString().contains("\"aws:SecureTransport\":\"false\""))
                .count();
        assertEquals(buckets.size(), refusingOldTls);
    }
}
