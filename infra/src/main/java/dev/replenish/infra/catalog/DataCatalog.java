package dev.replenish.infra.catalog;

import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.lake.DataLake;
import dev.replenish.infra.lake.LakePrefix;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.glue.CfnClassifier;
import software.amazon.awscdk.services.glue.CfnCrawler;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

import java.util.List;

/**
 * The Glue Data Catalog side of the lake: the database every Athena query runs in, and a crawler that
 * registers {@code raw/<table>/} as one table per folder. The crawler has no schedule: the pipeline
 * starts it, and the catalog step then checks the crawled schema against the data contract.
 */
public final class DataCatalog extends Construct {

    public record Props(InfraConfig.Catalog config, DataLake lake) {
    }

    /**
     * Absolute level of the table folders below the bucket, the top-level folder being level 1:
     * raw (1) / orders (2). Without it the crawler may merge the six folders, whose schemas
     * overlap, into one table partitioned by folder.
     */
    private static final int TABLE_LEVEL = 2;

    private final InfraConfig.Catalog config;
    private final CfnDatabase database;
    private final CfnCrawler crawler;

    public DataCatalog(Construct scope, String id, Props props) {
        super(scope, id);
        this.config = props.config();
        DataLake lake = props.lake();

        database = CfnDatabase.Builder.create(this, "Database")
                .catalogId(Aws.ACCOUNT_ID)
                .databaseInput(CfnDatabase.DatabaseInputProperty.builder()
                        .name(config.databaseName())
                        .description("Replenish lake: raw tables (crawled), curated tables and feature tables (Athena CTAS)")
                        .build())
                .build();

        // products.csv quotes names that contain commas ("Bag of Organic Bananas, Large"): the classifier
        // declares the quote symbol so the crawler reads such a name as one column. CloudFormation cannot
        // set a classifier's SerDe, so the catalog step's schema check also pins the raw tables to
        // OpenCSVSerde (which honours the quotes when Athena reads them) before any query runs.
        CfnClassifier csv = CfnClassifier.Builder.create(this, "InstacartCsv")
                .csvClassifier(CfnClassifier.CsvClassifierProperty.builder()
                        .name(config.databaseName() + "-instacart-csv")
                        .delimiter(",")
                        .quoteSymbol("\"")
                        .containsHeader("PRESENT")
                        .allowSingleColumn(false)
                        .disableValueTrimming(false)
                        .build())
                .build();

        Role role = Role.Builder.create(this, "CrawlerRole")
                .assumedBy(new ServicePrincipal("glue.amazonaws.com"))
                .description("Replenish raw-data crawler: reads raw/ and writes raw table definitions")
                .build();
        role.addToPolicy(lake.readObjects(LakePrefix.RAW));
        role.addToPolicy(lake.listObjects(LakePrefix.RAW));
        role.addToPolicy(lake.locateBucket());
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:CreateTable",
                        "glue:UpdateTable", "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition",
                        "glue:CreatePartition", "glue:BatchCreatePartition", "glue:UpdatePartition",
                        "glue:BatchUpdatePartition"))
                .resources(List.of(catalogArn(), databaseArn(), tableArn(config.rawTablePrefix() + "*")))
                .build());
        // Crawlers always log to the account's shared /aws-glue/crawlers group.
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(Stack.of(this).formatArn(ArnComponents.builder()
                        .service("logs").resource("log-group").resourceName("/aws-glue/crawlers:*")
                        .arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME).build())))
                .build());

        crawler = CfnCrawler.Builder.create(this, "RawCrawler")
                .description("Registers raw/<table>/ as one table per folder, named " + config.rawTablePrefix() + "<table>")
                .role(role.getRoleArn())
                .databaseName(config.databaseName())
                .tablePrefix(config.rawTablePrefix())
                .classifiers(List.of(csv.getRef()))
                .targets(CfnCrawler.TargetsProperty.builder()
                        .s3Targets(List.of(CfnCrawler.S3TargetProperty.builder()
                                .path(lake.uri(LakePrefix.RAW))
                                // The upload marker (and any other _file) is a signal, not data.
                                .exclusions(List.of("_*", "**/_*"))
                                .build()))
                        .build())
                .schemaChangePolicy(CfnCrawler.SchemaChangePolicyProperty.builder()
                        .updateBehavior("UPDATE_IN_DATABASE")
                        // A vanished folder is logged, not dropped: the contract check reports it by name.
                        .deleteBehavior("LOG")
                        .build())
                .recrawlPolicy(CfnCrawler.RecrawlPolicyProperty.builder()
                        .recrawlBehavior("CRAWL_EVERYTHING")
                        .build())
                .configuration("{\"Version\":1.0,\"Grouping\":{\"TableLevelConfiguration\":" + TABLE_LEVEL + "}}")
                .build();
        crawler.addResourceDependency(database);

        NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Scoped to this project's lake: objects under raw/ only, the raw_* tables of the replenish "
                        + "database, and the log streams of Glue's fixed /aws-glue/crawlers log group.")
                .build()), true);
        NagSuppressions.addResourceSuppressions(crawler, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-GL1")
                .reason("Crawler logs hold table and column names of a public retail data contract, no row data; "
                        + "a KMS key for them would add cost without protecting anything sensitive.")
                .build()));
    }

    public String databaseName() {
        return config.databaseName();
    }

    public String rawTablePrefix() {
        return config.rawTablePrefix();
    }

    public String crawlerName() {
        return crawler.getRef();
    }

    public String crawlerArn() {
        return Stack.of(this).formatArn(ArnComponents.builder()
                .service("glue").resource("crawler").resourceName(crawler.getRef()).build());
    }

    public String catalogArn() {
        return Stack.of(this).formatArn(ArnComponents.builder().service("glue").resource("catalog").build());
    }

    public String databaseArn() {
        return Stack.of(this).formatArn(ArnComponents.builder()
                .service("glue").resource("database").resourceName(config.databaseName()).build());
    }

    /** Tables of the project database whose names match the pattern ("raw_*", "*"). */
    public String tableArn(String namePattern) {
        return Stack.of(this).formatArn(ArnComponents.builder()
                .service("glue").resource("table").resourceName(config.databaseName() + "/" + namePattern).build());
    }
}
