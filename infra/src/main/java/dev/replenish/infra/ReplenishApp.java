package dev.replenish.infra;

import dev.replenish.infra.config.ContextSettings;
import dev.replenish.infra.config.InfraConfig;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

import java.nio.file.Path;
import java.util.List;

/**
 * The CDK app: three stacks (data, pipeline, serving) composed from the constructs of each concern,
 * with cdk-nag's AWS Solutions checks over all of them. {@code cdk synth} / {@code cdk deploy} run
 * {@link #main} from the repository root (see cdk.json).
 */
public final class ReplenishApp {

    public static final String DATA_STACK = "Replenish-Data";
    public static final String PIPELINE_STACK = "Replenish-Pipeline";
    public static final String SERVING_STACK = "Replenish-Serving";

    /** The stacks of one app. */
    public record Stacks(DataStack data, PipelineStack pipeline, ServingStack serving) {
        public List<software.amazon.awscdk.Stack> all() {
            return List.of(data, pipeline, serving);
        }
    }

    private ReplenishApp() {
    }

    /** Reads the configuration from the app's context; relative paths are resolved against projectRoot. */
    public static InfraConfig config(App app, Path projectRoot) {
        return InfraConfig.fromContext(new ContextSettings(key -> app.getNode().tryGetContext(key)), projectRoot);
    }

    /** Builds every stack into the app and applies the AWS Solutions checks. */
    public static Stacks build(App app, InfraConfig config) {
        BuildArtifacts.verify(config.artifacts());
        Environment.Builder environment = Environment.builder().region(config.deployment().region());
        config.deployment().account().ifPresent(environment::account);
        StackProps props = StackProps.builder().env(environment.build()).build();

        DataStack data = new DataStack(app, DATA_STACK, withDescription(props,
                "Replenish data: S3 lake, Glue catalog and crawler, Athena workgroup, DynamoDB feature store"), config);
        PipelineStack pipeline = new PipelineStack(app, PIPELINE_STACK, withDescription(props,
                "Replenish pipeline: Step Functions state machine, Lambda steps, Glue join, SageMaker training and registry"),
                config, data);
        ServingStack serving = new ServingStack(app, SERVING_STACK, withDescription(props,
                "Replenish serving: prediction API (API Gateway + Lambda) and the web page (S3 + CloudFront)"),
                config, data);
        Tags.of(app).add("project", "replenish");
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return new Stacks(data, pipeline, serving);
    }

    private static StackProps withDescription(StackProps props, String description) {
        return StackProps.builder().env(props.getEnv()).description(description).build();
    }

    /**
     * cdk-nag reports findings as error and warning annotations, which a plain synthesis does not
     * fail on: collect them (after synthesis, when the checks have run), so a finding blocks
     * `cdk synth` and `cdk deploy`.
     */
    static List<String> nagFindings(App app) {
        return app.getNode().findAll().stream()
                .flatMap(construct -> construct.getNode().getMetadata().stream()
                        .filter(entry -> entry.getType().equals("aws:cdk:error") || entry.getType().equals("aws:cdk:warning"))
                        .filter(entry -> String.valueOf(entry.getData()).contains("AwsSolutions-"))
                        .map(entry -> construct.getNode().getPath() + ": " + entry.getData()))
                .toList();
    }

    public static void main(String[] args) {
        App app = new App();
        try {
            build(app, config(app, Path.of("").toAbsolutePath()));
        } catch (BuildArtifacts.MissingArtifactException | ContextSettings.InvalidSettingException | IllegalArgumentException e) {
            System.err.println("replenish infra: " + e.getMessage());
            System.exit(2);
        }
        app.synth();
        List<String> findings = nagFindings(app);
        if (!findings.isEmpty()) {
            findings.forEach(System.err::println);
            System.err.println("replenish infra: " + findings.size() + " unsuppressed cdk-nag finding(s)");
            System.exit(1);
        }
    }
}
