package dev.replenish.infra.functions;

import dev.replenish.infra.logs.LogGroups;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One handler of the lambdas module as a Lambda function, running the jar of its group
 * ({@link LambdaHandlers#jarOf}), the same way every time: Java 21, X-Ray
 * tracing, Powertools settings, its own log group with retention, and its own role holding exactly
 * the statements the caller lists (plus writing its own logs). No managed policies.
 */
public final class JavaFunction extends Construct {

    /**
     * @param serviceName  Powertools service name and the role's purpose, e.g. "replenish-crawler"
     * @param permissions  everything the handler may do besides logging
     * @param lambdaJars   the directory of the lambdas module's jars (lambdas/target)
     * @param snapStart    for latency-sensitive handlers: callers then invoke the "live" alias
     */
    public record Props(String handlerClass, String serviceName, String description, Path lambdaJars, int memoryMb,
                        Duration timeout, Map<String, String> environment, List<PolicyStatement> permissions,
                        boolean snapStart, int logRetentionDays) {
    }

    /** Powertools' metrics namespace, shared by every handler of the project. */
    static final String METRICS_NAMESPACE = "Replenish";

    private final Function function;
    private final IFunction invocable;
    private final Role role;
    private final Duration timeout;

    public JavaFunction(Construct scope, String id, Props props) {
        super(scope, id);
        this.timeout = props.timeout();
        LogGroup logs = LogGroups.create(this, "Logs", props.logRetentionDays());

        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(props.serviceName() + ": " + props.description())
                .build();
        // The log group exists already, so the function needs no logs:CreateLogGroup.
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn()))
                .build());
        props.permissions().forEach(role::addToPolicy);

        Map<String, String> environment = new LinkedHashMap<>(props.environment());
        environment.put(FunctionEnvironment.POWERTOOLS_SERVICE_NAME, props.serviceName());
        environment.put(FunctionEnvironment.POWERTOOLS_LOG_LEVEL, "INFO");
        environment.put(FunctionEnvironment.POWERTOOLS_METRICS_NAMESPACE, METRICS_NAMESPACE);

        function = Function.Builder.create(this, "Function")
                .runtime(software.amazon.awscdk.services.lambda.Runtime.JAVA_21)
                // x86_64 for all: the shaded jars are built and tested on x86_64.
                .architecture(Architecture.X86_64)
                .handler(LambdaHandlers.handlerOf(props.handlerClass()))
                .code(Code.fromAsset(props.lambdaJars().resolve(LambdaHandlers.jarOf(props.handlerClass()).fileName()).toString()))
                .description(props.description())
                .memorySize(props.memoryMb())
                .timeout(props.timeout())
                .environment(environment)
                .role(role)
                .logGroup(logs)
                .tracing(Tracing.ACTIVE)
                .snapStart(props.snapStart() ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
                .build();

        RoleDependency.onPolicyOnly(function, role);
        if (props.snapStart()) {
            Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "Callers invoke the 'live' alias of the published current version, never $LATEST");
        }
        invocable = props.snapStart()
                ? Alias.Builder.create(this, "Live").aliasName("live").version(function.getCurrentVersion()).build()
                : function;
    }

    public Function function() {
        return function;
    }

    /** What callers invoke: the "live" alias when SnapStart is on (snapshots exist only for versions). */
    public IFunction invocable() {
        return invocable;
    }

    public Role role() {
        return role;
    }

    public Duration timeout() {
        return timeout;
    }
}
