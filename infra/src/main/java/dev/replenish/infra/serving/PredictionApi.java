package dev.replenish.infra.serving;

import dev.replenish.core.config.CloudEnvironment;
import dev.replenish.core.serving.ApiRoute;
import dev.replenish.infra.endpoint.ModelEndpoint;

import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.featurestore.FeatureStore;
import dev.replenish.infra.functions.JavaFunction;
import dev.replenish.infra.functions.LambdaHandlers;
import dev.replenish.infra.logs.LogGroups;
import dev.replenish.infra.pipeline.PipelineFunctions;
import dev.replenish.infra.training.SageMakerArns;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.amazon.awscdk.services.apigateway.CfnAccount;
import software.amazon.awscdk.services.apigateway.CorsOptions;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.JsonWithStandardFieldProps;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.IResource;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The prediction API: API Gateway REST -> the Java API handler, which reads the user's item from
 * the feature store and asks the SageMaker endpoint. Paths follow the serving contract; path
 * parameters are required by a request validator, and their content (positive 64-bit ids) is
 * checked by the handler, which answers 400 with a JSON error.
 */
public final class PredictionApi extends Construct {

    /** Answers are read from DynamoDB and one endpoint call: seconds at most, and well under API Gateway's 29 s. */
    static final Duration HANDLER_TIMEOUT = Duration.seconds(15);
    /** Browsers may cache a preflight answer for an hour. */
    static final Duration PREFLIGHT_CACHE = Duration.hours(1);

    /**
     * @param siteOrigin   https://<distribution domain>: the only origin allowed by CORS
     * @param endpointName the SageMaker endpoint the pipeline deploys (created at run time)
     */
    public record Props(Path lambdaJars, InfraConfig.Api config, int memoryMb, int logRetentionDays,
                        FeatureStore featureStore, String endpointName, String siteOrigin) {
    }

    private final RestApi api;
    private final JavaFunction handler;

    public PredictionApi(Construct scope, String id, Props props) {
        super(scope, id);
        handler = new JavaFunction(this, "Handler", new JavaFunction.Props(
                LambdaHandlers.API, "replenish-api",
                "prediction API: reorder probability, next basket, cart completion, orders and similar products, from the feature store and the endpoint",
                props.lambdaJars(), props.memoryMb(), HANDLER_TIMEOUT,
                Map.of(CloudEnvironment.FEATURE_TABLE, props.featureStore().features().getTableName(),
                        CloudEnvironment.CATALOG_TABLE, props.featureStore().productCatalog().getTableName(),
                        CloudEnvironment.ENDPOINT_NAME, props.endpointName(),
                        CloudEnvironment.ALLOWED_ORIGIN, props.siteOrigin()),
                permissions(props),
                // Cold starts are what a person typing an id would notice.
                true, props.logRetentionDays()));
        PipelineFunctions.suppressCommonFindings(handler, "X-Ray's trace calls take no resource; tables and the "
                + "endpoint are named; the endpoint's configurations and models are named per run under the "
                + "endpoint's own prefix (<endpoint>-<run id>), read with Describe calls only.");

        CfnAccount account = accountLoggingRole();
        LogGroup accessLogs = LogGroups.create(this, "AccessLogs", props.logRetentionDays());
        boolean publicAccess = props.config().access() == InfraConfig.ApiAccess.PUBLIC;
        RestApi.Builder builder = RestApi.Builder.create(this, "Api")
                .restApiName("replenish")
                .description("Replenish prediction API (serving contract v1)")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                .cloudWatchRole(false)
                .deployOptions(StageOptions.builder()
                        .stageName(props.config().stageName())
                        .throttlingRateLimit(props.config().throttleRateLimit())
                        .throttlingBurstLimit(props.config().throttleBurstLimit())
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields(JsonWithStandardFieldProps.builder()
                                .caller(true).httpMethod(true).ip(true).protocol(true).requestTime(true)
                                .resourcePath(true).responseLength(true).status(true).user(true).build()))
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        // Request and response bodies stay out of the logs.
                        .dataTraceEnabled(false)
                        .tracingEnabled(true)
                        .metricsEnabled(true)
                        .build())
                // Private access: only signed callers, which need no CORS; the page cannot call it.
                .defaultMethodOptions(MethodOptions.builder()
                        .authorizationType(publicAccess ? AuthorizationType.NONE : AuthorizationType.IAM)
                        .build());
        if (publicAccess) {
            builder.defaultCorsPreflightOptions(CorsOptions.builder()
                    .allowOrigins(List.of(props.siteOrigin()))
                    .allowMethods(List.of("GET", "POST", "OPTIONS"))
                    .allowHeaders(List.of("Content-Type"))
                    .maxAge(PREFLIGHT_CACHE)
                    .build());
        }
        api = builder.build();
        corsOnGatewayErrors(props.siteOrigin());
        api.getDeploymentStage().getNode().addDependency(account);
        // The stack has its own ApiUrl output; the RestApi's automatic one would only repeat it.
        api.getNode().tryRemoveChild("Endpoint");

        RequestValidator validator = RequestValidator.Builder.create(this, "PathValidator")
                .restApi(api)
                .requestValidatorName("path-parameters")
                .validateRequestParameters(true)
                // No method takes a body today; validating bodies too keeps any future POST honest.
                .validateRequestBody(true)
                .build();
        LambdaIntegration integration = LambdaIntegration.Builder.create(handler.invocable())
                .proxy(true)
                .allowTestInvoke(false)
                .build();

        // The handler's own list of routes: a route is provisioned exactly when the handler answers it.
        // The cart's body is checked by the handler, not by a request model: a model's refusal is a
        // bare "Invalid request body" 400, where the handler names the field and answers 413 for a
        // cart over its size limit.
        for (ApiRoute route : ApiRoute.ALL) {
            IResource resource = api.getRoot();
            for (String segment : route.segments()) {
                IResource child = resource.getResource(segment);
                resource = child != null ? child : resource.addResource(segment);
            }
            List<String> parameters = route.pathParameters();
            if (parameters.isEmpty()) {
                resource.addMethod(route.method(), integration);
            } else {
                resource.addMethod(route.method(), integration, requiring(validator, parameters.toArray(String[]::new)));
            }
        }

        List<NagPackSuppression> suppressions = new java.util.ArrayList<>();
        if (props.config().perClientRateLimit() > 0) {
            perClientRateLimit(props.config().perClientRateLimit());
        } else {
            suppressions.add(NagPackSuppression.builder().id("AwsSolutions-APIG3")
                    .reason("The deployer's choice (context replenish:api.perClientRateLimit, 0 by default): a WAF web ACL "
                            + "costs about 6 USD a month plus 0.60 USD per million requests, more than the rest of an idle "
                            + "deployment; the stage's throttling bounds the total rate. Set the limit for production traffic.")
                    .build());
        }
        if (publicAccess) {
            suppressions.add(NagPackSuppression.builder().id("AwsSolutions-APIG4")
                    .reason("The deployer's choice (context replenish:api.access, public by default): the static page calls "
                            + "the API anonymously from the browser, so anyone can read any user id's candidates and scores "
                            + "and enumerate ids, as the README says. replenish:api.access=private requires IAM-signed calls.")
                    .build());
        }
        suppressions.add(NagPackSuppression.builder().id("AwsSolutions-COG4")
                .reason(publicAccess
                        ? "No user accounts exist in this project: the page is public and anonymous (see APIG4)."
                        : "Private access is for servers, which sign their calls with IAM (SigV4); no user accounts exist.")
                .build());
        NagSuppressions.addResourceSuppressions(api, suppressions, true);
    }

    /**
     * API Gateway answers some requests itself, before the handler: throttled (429), a route that does
     * not exist (403 "Missing Authentication Token"), and its other 4XX and 5XX. Without CORS headers
     * the browser hides those answers and the page can only say the API "could not be reached"; with
     * them it shows the real error, in the serving contract's {"error", "detail"} shape.
     */
    private void corsOnGatewayErrors(String siteOrigin) {
        Map<String, String> headers = Map.of(
                "Access-Control-Allow-Origin", "'" + siteOrigin + "'",
                "Vary", "'Origin'");
        Map<ResponseType, String> errors = new java.util.LinkedHashMap<>();
        errors.put(ResponseType.THROTTLED, "too many requests");
        errors.put(ResponseType.MISSING_AUTHENTICATION_TOKEN, "no such route");
        errors.put(ResponseType.WAF_FILTERED, "too many requests from this client");
        errors.put(ResponseType.DEFAULT_4_XX, "request refused");
        errors.put(ResponseType.DEFAULT_5_XX, "gateway error");
        errors.forEach((type, error) -> api.addGatewayResponse("GatewayResponse" + type.getResponseType(), GatewayResponseOptions.builder()
                .type(type)
                .responseHeaders(headers)
                .templates(Map.of("application/json",
                        "{\"error\": \"" + error + "\", \"detail\": $context.error.messageString}"))
                .build()));
    }

    /**
     * A WAF web ACL on the stage with one rate-based rule: a client IP over {@code limit} requests
     * in 5 minutes is blocked until its rate falls, so one client cannot use up the stage's throttle.
     */
    private void perClientRateLimit(int limit) {
        CfnWebACL acl = CfnWebACL.Builder.create(this, "PerClientRateLimit")
                .scope("REGIONAL")
                .description("Replenish API: requests per client IP in 5 minutes")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder().allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                .visibilityConfig(visibility("replenish-api"))
                .rules(List.of(CfnWebACL.RuleProperty.builder()
                        .name("requests-per-client-ip")
                        .priority(0)
                        .action(CfnWebACL.RuleActionProperty.builder().block(CfnWebACL.BlockActionProperty.builder().build()).build())
                        .statement(CfnWebACL.StatementProperty.builder()
                                .rateBasedStatement(CfnWebACL.RateBasedStatementProperty.builder()
                                        .limit(limit)
                                        .aggregateKeyType("IP")
                                        .build())
                                .build())
                        .visibilityConfig(visibility("replenish-api-per-client-ip"))
                        .build()))
                .build();
        CfnWebACLAssociation.Builder.create(this, "PerClientRateLimitOnStage")
                .resourceArn(api.getDeploymentStage().getStageArn())
                .webAclArn(acl.getAttrArn())
                .build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String metricName) {
        return CfnWebACL.VisibilityConfigProperty.builder()
                .cloudWatchMetricsEnabled(true)
                .metricName(metricName)
                .sampledRequestsEnabled(true)
                .build();
    }

    /**
     * Reading the feature store, invoking the endpoint, and the model version the answers carry
     * (endpoint -> its configuration -> its model's environment, the same lookup as the evaluation gate's).
     */
    private List<PolicyStatement> permissions(Props props) {
        List<PolicyStatement> permissions = new java.util.ArrayList<>();
        permissions.add(props.featureStore().readItems());
        permissions.add(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("sagemaker:InvokeEndpoint"))
                .resources(List.of(SageMakerArns.of(this, "endpoint", props.endpointName())))
                .build());
        permissions.addAll(ModelEndpoint.describeServingModel(this, props.endpointName()));
        return permissions;
    }

    /**
     * API Gateway writes stage logs with one role set per account and region. That setting is shared
     * by every REST API there, so the role may write any log group of this account and region
     * (execution logs go to groups API Gateway names itself), but nothing else.
     */
    private CfnAccount accountLoggingRole() {
        Role role = Role.Builder.create(this, "ApiGatewayLoggingRole")
                .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
                .description("API Gateway account setting: lets REST API stages write execution and access logs")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups",
                        "logs:DescribeLogStreams", "logs:PutLogEvents", "logs:GetLogEvents", "logs:FilterLogEvents"))
                .resources(List.of(Stack.of(this).formatArn(ArnComponents.builder()
                        .service("logs").resource("log-group").resourceName("*")
                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build())))
                .build());
        NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("The API Gateway logging role is an account-and-region setting used by every REST API there; "
                        + "execution log groups are named by API Gateway per API id and stage, so the role can only "
                        + "be limited to log groups of this account and region.")
                .build()), true);
        CfnAccount account = CfnAccount.Builder.create(this, "ApiGatewayAccount")
                .cloudWatchRoleArn(role.getRoleArn())
                .build();
        // API Gateway checks the role when the setting is made: its permissions must be attached by then.
        account.addResourceDependency((CfnResource) role.getNode().findChild("DefaultPolicy").getNode().getDefaultChild());
        return account;
    }

    private static MethodOptions requiring(RequestValidator validator, String... pathParameters) {
        Map<String, Boolean> required = new java.util.LinkedHashMap<>();
        for (String parameter : pathParameters) {
            required.put("method.request.path." + parameter, true);
        }
        return MethodOptions.builder().requestValidator(validator).requestParameters(required).build();
    }

    public RestApi api() {
        return api;
    }

    /** The stage URL, ending with '/': the page's apiBaseUrl. */
    public String url() {
        return api.getUrl();
    }

    /** https://<api id>.execute-api.<region>.<suffix>: what the site's Content-Security-Policy lets the page call. */
    public String origin() {
        return "https://" + api.getRestApiId() + ".execute-api." + Stack.of(this).getRegion() + "." + Aws.URL_SUFFIX;
    }

    public JavaFunction handler() {
        return handler;
    }
}
