package dev.replenish.infra;

import dev.replenish.infra.catalog.DataCatalog;
import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.featurestore.FeatureStore;
import dev.replenish.infra.lake.AccessLogBucket;
import dev.replenish.infra.lake.DataLake;
import dev.replenish.infra.query.QueryWorkgroup;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** What holds data: the lake and its access logs, the catalog, the Athena workgroup, the feature store. */
public final class DataStack extends Stack {

    private final DataLake lake;
    private final DataCatalog catalog;
    private final QueryWorkgroup workgroup;
    private final FeatureStore featureStore;

    public DataStack(Construct scope, String id, StackProps props, InfraConfig config) {
        super(scope, id, props);
        AccessLogBucket accessLogs = new AccessLogBucket(this, "AccessLogs",
                new AccessLogBucket.Props(config.logs().retentionDays(), false));
        lake = new DataLake(this, "Lake", new DataLake.Props(config.lake(), accessLogs.bucket()));
        catalog = new DataCatalog(this, "Catalog", new DataCatalog.Props(config.catalog(), lake));
        workgroup = new QueryWorkgroup(this, "Queries", new QueryWorkgroup.Props(
                config.catalog().databaseName(), config.query(), lake));
        featureStore = new FeatureStore(this, "FeatureStore", new FeatureStore.Props(RemovalPolicy.DESTROY));

        CfnOutput.Builder.create(this, "LakeBucketName")
                .description("Upload the six CSV files to raw/<table>/ here, then the marker " + config.catalog().rawDataMarker())
                .value(lake.bucketName())
                .build();
    }

    public DataLake lake() {
        return lake;
    }

    public DataCatalog catalog() {
        return catalog;
    }

    public QueryWorkgroup workgroup() {
        return workgroup;
    }

    public FeatureStore featureStore() {
        return featureStore;
    }
}
