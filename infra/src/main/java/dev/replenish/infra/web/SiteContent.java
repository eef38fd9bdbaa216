package dev.replenish.infra.web;

import dev.replenish.infra.functions.RoleDependency;
import dev.replenish.infra.logs.LogGroups;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.DeploymentSourceContext;
import software.amazon.awscdk.services.s3.deployment.ISource;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.amazon.awscdk.services.s3.deployment.SourceConfig;
import software.constructs.Construct;
import software.constructs.IConstruct;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Publishes the page: the files of web/ plus a generated config.json ({"apiBaseUrl": "<stage URL>"})
 * beside them, then invalidates CloudFront's cache. On stack deletion the files are removed, so the
 * site bucket can be deleted with the stack.
 *
 * <p>The copying function gets its own role with explicit statements. CDK's deployment construct
 * would otherwise grant itself prefix-wildcard actions (s3:GetObject*, s3:List*); it is handed a
 * view of the role that ignores those grants, and each source's object is granted here instead.
 */
public final class SiteContent extends Construct {

    /** The file the page reads its API base URL from. */
    public static final String CONFIG_FILE = "config.json";
    public static final String API_BASE_URL_KEY = "apiBaseUrl";

    public record Props(Path webDir, Bucket siteBucket, Distribution distribution, String apiUrl, int logRetentionDays) {
    }

    public SiteContent(Construct scope, String id, Props props) {
        super(scope, id);
        LogGroup logs = LogGroups.create(this, "Logs", props.logRetentionDays());
        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Replenish site publication: copies web/ and config.json into the site bucket")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn()))
                .build());
        // The bucket exists only to hold this page: the deployment syncs all of it.
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(props.siteBucket().getBucketArn()))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"))
                .resources(List.of(props.siteBucket().arnForObjects("*")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"))
                .resources(List.of(Stack.of(this).formatArn(ArnComponents.builder()
                        .service("cloudfront").region("").resource("distribution")
                        .resourceName(props.distribution().getDistributionId())
                        .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build())))
                .build());

        IRole withoutGeneratedGrants = role.withoutPolicyUpdates();
        BucketDeployment.Builder.create(this, "Deployment")
                .sources(List.of(
                        new ExplicitlyGranted(Source.asset(props.webDir().toString()), role),
                        new ExplicitlyGranted(Source.jsonData(CONFIG_FILE, Map.of(API_BASE_URL_KEY, props.apiUrl())), role)))
                .destinationBucket(props.siteBucket())
                .distribution(props.distribution())
                .distributionPaths(List.of("/*"))
                .role(withoutGeneratedGrants)
                .logGroup(logs)
                .retainOnDelete(false)
                .prune(true)
                .build();

        NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("The site bucket holds only this page and the deployment replaces all of it, so it needs "
                        + "every object of that one bucket; source objects are the deployment's own assets.")
                .build()), true);
        // CDK's deployment function is a singleton at stack level, outside this construct's tree.
        for (IConstruct child : Stack.of(this).getNode().getChildren()) {
            if (child.getNode().getId().startsWith("Custom::CDKBucketDeployment")) {
                RoleDependency.onPolicyOnly(child, role);
                NagSuppressions.addResourceSuppressions(child, List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-L1")
                        .reason("CDK's own site-deployment function (Python, with the AWS CLI layer) runs only during "
                                + "cdk deploy; its runtime is chosen and upgraded by the CDK release we pin.")
                        .build()), true);
            }
        }
    }

    /**
     * A deployment source whose object is granted to the role explicitly (s3:GetObject on that one
     * key) instead of through CDK's generated prefix-wildcard grant.
     */
    private static final class ExplicitlyGranted implements ISource {
        private final ISource source;
        private final Role role;

        ExplicitlyGranted(ISource source, Role role) {
            this.source = source;
            this.role = role;
        }

        @Override
        public SourceConfig bind(Construct scope, DeploymentSourceContext context) {
            SourceConfig config = source.bind(scope, DeploymentSourceContext.builder()
                    .handlerRole(role.withoutPolicyUpdates())
                    .build());
            role.addToPolicy(PolicyStatement.Builder.create()
                    .effect(Effect.ALLOW)
                    .actions(List.of("s3:GetObject"))
                    .resources(List.of(config.getBucket().arnForObjects(config.getZipObjectKey())))
                    .build());
            return config;
        }

        @Override
        public SourceConfig bind(Construct scope) {
            throw new UnsupportedOperationException("a deployment source is bound with its handler role");
        }
    }
}
