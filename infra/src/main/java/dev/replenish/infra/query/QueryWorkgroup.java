package dev.replenish.infra.query;

import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.lake.DataLake;
import dev.replenish.infra.lake.LakePrefix;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.constructs.Construct;

/**
 * The Athena workgroup the curate and feature SQL runs in. Its settings are enforced, so a query
 * cannot write results elsewhere, unencrypted, or scan more than the configured cutoff.
 */
public final class QueryWorkgroup extends Construct {

    public record Props(String name, InfraConfig.Query config, DataLake lake) {
    }

    private final CfnWorkGroup workgroup;

    public QueryWorkgroup(Construct scope, String id, Props props) {
        super(scope, id);
        workgroup = CfnWorkGroup.Builder.create(this, "Workgroup")
                .name(props.name())
                .description("Replenish curate and feature queries (portable SQL, engine v3)")
                .state("ENABLED")
                // Lets `cdk destroy` delete the workgroup even though it has query history.
                .recursiveDeleteOption(true)
                .workGroupConfiguration(CfnWorkGroup.WorkGroupConfigurationProperty.builder()
                        .enforceWorkGroupConfiguration(true)
                        .publishCloudWatchMetricsEnabled(true)
                        .bytesScannedCutoffPerQuery(props.config().bytesScannedCutoffPerQuery())
                        // Trino-based engine v3: the dialect the portable SQL is parsed against.
                        .engineVersion(CfnWorkGroup.EngineVersionProperty.builder()
                                .selectedEngineVersion("Athena engine version 3")
                                .build())
                        .resultConfiguration(CfnWorkGroup.ResultConfigurationProperty.builder()
                                .outputLocation(props.lake().uri(LakePrefix.ATHENA_RESULTS))
                                .encryptionConfiguration(CfnWorkGroup.EncryptionConfigurationProperty.builder()
                                        .encryptionOption("SSE_S3")
                                        .build())
                                .build())
                        .build())
                .build();
    }

    public String name() {
        return workgroup.getRef();
    }

    public String arn() {
        return Stack.of(this).formatArn(ArnComponents.builder()
                .service("athena").resource("workgroup").resourceName(workgroup.getRef()).build());
    }
}
