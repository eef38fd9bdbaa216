package dev.replenish.infra;

import dev.replenish.infra.functions.LambdaHandlers;
import dev.replenish.infra.web.SiteContent;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The serving stack: the prediction API and the web page. */
class ServingStackTest {

    private final Template serving = SynthesizedReplenish.get().serving();

    @Test
    void apiStageThrottlesLogsAccessAndTraces() {
        serving.hasResourceProperties("AWS::ApiGateway::Stage", Match.objectLike(Map.of(
                "StageName", "prod",
                "TracingEnabled", true,
                "AccessLogSetting", Match.objectLike(Map.of("DestinationArn", Map.of("Fn::GetAtt", List.of(
                        Match.stringLikeRegexp("ApiAccessLogs.*"), "Arn")))),
                "MethodSettings", List.of(Match.objectLike(Map.of(
                        "HttpMethod", "*", "ResourcePath", "/*",
                        "ThrottlingRateLimit", 50, "ThrottlingBurstLimit", 100,
                        "LoggingLevel", "ERROR", "DataTraceEnabled", false))))));
        // AND the account's logging role is set before the stage needs it
        serving.hasResourceProperties("AWS::ApiGateway::Account", Match.objectLike(Map.of(
                "CloudWatchRoleArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ApiApiGatewayLoggingRole.*"), "Arn")))));
    }

    @Test
    void routesFollowTheServingContractAndRequireTheirPathParameters() {
        // GIVEN the contract's five GET routes and its one POST route
        serving.hasResourceProperties("AWS::ApiGateway::Resource", Map.of("PathPart", "reorder-probability",
                "ParentId", Match.anyValue(), "RestApiId", Match.anyValue()));
        serving.hasResourceProperties("AWS::ApiGateway::Resource", Map.of("PathPart", "next-basket",
                "ParentId", Match.anyValue(), "RestApiId", Match.anyValue()));
        serving.hasResourceProperties("AWS::ApiGateway::Resource", Map.of("PathPart", "health",
                "ParentId", Match.anyValue(), "RestApiId", Match.anyValue()));
        serving.hasResourceProperties("AWS::ApiGateway::Resource", Map.of("PathPart", "similar",
                "ParentId", Match.anyValue(), "RestApiId", Match.anyValue()));
        serving.hasResourceProperties("AWS::ApiGateway::Resource", Map.of("PathPart", "orders",
                "ParentId", Match.anyValue(), "RestApiId", Match.anyValue()));
        serving.hasResourceProperties("AWS::ApiGateway::Resource", Map.of("PathPart", "cart-completion",
                "ParentId", Match.anyValue(), "RestApiId", Match.anyValue()));
        assertEquals(5, serving.findResources("AWS::ApiGateway::Method", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("HttpMethod", "GET"))))).size());
        // AND the cart is the only POST, with the user id required like the GET routes
        Map<String, Map<String, Object>> posts = serving.findResources("AWS::ApiGateway::Method", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("HttpMethod", "POST")))));
        assertEquals(1, posts.size());
        serving.hasResourceProperties("AWS::ApiGateway::Method", Match.objectLike(Map.of(
                "HttpMethod", "POST",
                "RequestParameters", Map.of("method.request.path.userId", true),
                "RequestValidatorId", Map.of("Ref", Match.stringLikeRegexp("ApiPathValidator.*")))));
        // THEN the id-taking routes are validated to carry their path parameters
        serving.hasResourceProperties("AWS::ApiGateway::RequestValidator", Match.objectLike(Map.of(
                "ValidateRequestParameters", true)));
        serving.hasResourceProperties("AWS::ApiGateway::Method", Match.objectLike(Map.of(
                "HttpMethod", "GET",
                "RequestParameters", Map.of("method.request.path.userId", true, "method.request.path.productId", true),
                "RequestValidatorId", Map.of("Ref", Match.stringLikeRegexp("ApiPathValidator.*")))));
        serving.hasResourceProperties("AWS::ApiGateway::Method", Match.objectLike(Map.of(
                "HttpMethod", "GET",
                "RequestParameters", Map.of("method.request.path.userId", true),
                "RequestValidatorId", Map.of("Ref", Match.stringLikeRegexp("ApiPathValidator.*")))));
        serving.hasResourceProperties("AWS::ApiGateway::Method", Match.objectLike(Map.of(
                "HttpMethod", "GET",
                "RequestParameters", Map.of("method.request.path.productId", true),
                "RequestValidatorId", Map.of("Ref", Match.stringLikeRegexp("ApiPathValidator.*")))));
    }

    @Test
    void corsAllowsOnlyTheSitesOrigin() {
        // GIVEN every preflight answer THEN the allowed origin is the distribution's, never '*'
        Map<String, Map<String, Object>> preflights = serving.findResources("AWS::ApiGateway::Method", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("HttpMethod", "OPTIONS")))));
        assertFalse(preflights.isEmpty());
        preflights.values().forEach(preflight -> {
            String text = preflight.toString();
            assertTrue(text.contains("Access-Control-Allow-Origin={Fn::Join=[, ['https://, {Fn::GetAtt=[SiteDistribution"), text);
            assertFalse(text.contains("'*'"), text);
            // AND a browser may POST the cart as JSON: the preflight allows the method and Content-Type
            assertTrue(text.contains("Access-Control-Allow-Methods='GET,POST,OPTIONS'"), text);
            assertTrue(text.contains("Access-Control-Allow-Headers='Content-Type'"), text);
        });
        // AND the handler gets the same origin for the headers of its own answers
        serving.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", LambdaHandlers.API + "::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "REPLENISH_ALLOWED_ORIGIN", Map.of("Fn::Join", List.of("", List.of("https://",
                                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("SiteDistribution.*"), "DomainName"))))),
                        "REPLENISH_ENDPOINT_NAME", "replenish-reorder"))))));
    }

    @Test
    void apiHandlerRunsWithSnapStartBehindTheLiveAlias() {
        serving.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", LambdaHandlers.API + "::handleRequest",
                "Runtime", "java21",
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"))));
        serving.hasResourceProperties("AWS::Lambda::Alias", Match.objectLike(Map.of("Name", "live")));
        // AND API Gateway invokes the alias, not $LATEST
        serving.hasResourceProperties("AWS::ApiGateway::Method", Match.objectLike(Map.of(
                "HttpMethod", "GET",
                "Integration", Match.objectLike(Map.of("Type", "AWS_PROXY", "Uri", Map.of("Fn::Join", List.of("",
                        Match.arrayWith(List.of(Map.of("Ref", Match.stringLikeRegexp("ApiHandlerLive.*")))))))))));
    }

    @Test
    void apiHandlerMayInvokeAndDescribeOnlyItsEndpointAndThatEndpointsRunConfigurationsAndModels() {
        // GIVEN the API function's policy THEN the model version lookup (endpoint -> configuration ->
        // model environment) and the invoke are each limited to the endpoint's own names
        String policies = serving.findResources("AWS::IAM::Policy").toString();
        assertTrue(policies.contains("Action=[sagemaker:DescribeEndpoint, sagemaker:InvokeEndpoint]"), policies);
        assertTrue(policies.contains(":endpoint/replenish-reorder]"), policies);
        assertTrue(policies.contains("Action=sagemaker:DescribeEndpointConfig") && policies.contains(":endpoint-config/replenish-reorder-*]"), policies);
        assertTrue(policies.contains("Action=sagemaker:DescribeModel") && policies.contains(":model/replenish-reorder-*]"), policies);
    }

    @Test
    void siteBucketIsPrivateAndReadOnlyByTheDistribution() {
        serving.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "LoggingConfiguration", Match.objectLike(Map.of("LogFilePrefix", "site-bucket/")))));
        serving.hasResourceProperties("AWS::CloudFront::OriginAccessControl", Match.objectLike(Map.of(
                "OriginAccessControlConfig", Match.objectLike(Map.of("OriginAccessControlOriginType", "s3", "SigningBehavior", "always")))));
        serving.hasResourceProperties("AWS::S3::BucketPolicy", Match.objectLike(Map.of(
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Allow",
                        "Action", "s3:GetObject",
                        "Principal", Map.of("Service", "cloudfront.amazonaws.com"),
                        "Condition", Map.of("StringEquals", Map.of("AWS:SourceArn", Match.anyValue()))))))))));
    }

    @Test
    void distributionIsHttpsOnlyWithSecurityHeadersAndACspNamingTheApi() {
        serving.hasResourceProperties("AWS::CloudFront::Distribution", Match.objectLike(Map.of(
                "DistributionConfig", Match.objectLike(Map.of(
                        "DefaultRootObject", "index.html",
                        "DefaultCacheBehavior", Match.objectLike(Map.of(
                                "ViewerProtocolPolicy", "https-only",
                                "ResponseHeadersPolicyId", Map.of("Ref", Match.stringLikeRegexp("SiteSecurityHeaders.*")))),
                        "Origins", List.of(Match.objectLike(Map.of("OriginAccessControlId", Match.anyValue()))),
                        "Logging", Match.objectLike(Map.of("Prefix", "cloudfront/")))))));
        serving.hasResourceProperties("AWS::CloudFront::ResponseHeadersPolicy", Match.objectLike(Map.of(
                "ResponseHeadersPolicyConfig", Match.objectLike(Map.of("SecurityHeadersConfig", Match.objectLike(Map.of(
                        "StrictTransportSecurity", Match.objectLike(Map.of("AccessControlMaxAgeSec", 63072000, "IncludeSubdomains", true)),
                        "FrameOptions", Map.of("FrameOption", "DENY", "Override", true),
                        "ContentTypeOptions", Map.of("Override", true),
                        "ContentSecurityPolicy", Match.objectLike(Map.of("ContentSecurityPolicy", Map.of("Fn::Join", List.of("",
                                List.of("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' https://",
                                        Map.of("Ref", Match.stringLikeRegexp("Api.*")), ".execute-api.us-east-1.", Map.of("Ref", "AWS::URLSuffix"),
                                        "; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"))))))))))));
    }

    @Test
    void configJsonWithTheApiUrlIsDeployedBesideThePage() throws IOException {
        // GIVEN the site deployment THEN it syncs two sources (web/ and config.json), invalidates the
        // distribution and removes the files with the stack
        serving.hasResourceProperties("Custom::CDKBucketDeployment", Match.objectLike(Map.of(
                "SourceObjectKeys", List.of(Match.stringLikeRegexp(".*\\.zip"), Match.stringLikeRegexp(".*\\.zip")),
                "DestinationBucketName", Map.of("Ref", Match.stringLikeRegexp("SiteBucket.*")),
                "DistributionPaths", List.of("/*"),
                "RetainOnDelete", false,
                "SourceMarkers", Match.arrayWith(List.of(Map.of("<<marker:0xbaba:0>>", Map.of("Fn::Join", List.of("",
                        Match.arrayWith(List.of(Map.of("Ref", Match.stringLikeRegexp("ApiDeploymentStage.*"))))))))))));
        // AND the config asset (staged as a folder) holds config.json with the apiBaseUrl key, the URL
        // filled in at deploy time
        Path assembly = SynthesizedReplenish.get().assemblyDir();
        try (Stream<Path> files = Files.list(assembly)) {
            List<Path> configs = files.map(asset -> asset.resolve(SiteContent.CONFIG_FILE)).filter(Files::isRegularFile).toList();
            assertEquals(1, configs.size(), "assets holding " + SiteContent.CONFIG_FILE);
            assertEquals("{\"" + SiteContent.API_BASE_URL_KEY + "\":<<marker:0xbaba:0>>}", Files.readString(configs.get(0)));
        }
    }

    @Test
    void siteAndApiUrlsAreOutputs() {
        serving.hasOutput("SiteUrl", Match.objectLike(Map.of("Value", Map.of("Fn::Join", List.of("", List.of("https://",
                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("SiteDistribution.*"), "DomainName")), "/"))))));
        serving.hasOutput("ApiUrl", Match.objectLike(Map.of("Value", Match.anyValue())));
        assertEquals(2, serving.findOutputs("*").size(), "exactly the site and API URLs");
    }

    @Test
    void apiGatewaysOwnErrorAnswersCarryCorsHeadersAndTheContractsErrorShape() {
        // GIVEN the answers API Gateway gives itself: throttled (429), an unknown route (403), WAF's block, any other 4XX, 5XX
        for (String type : List.of("THROTTLED", "MISSING_AUTHENTICATION_TOKEN", "WAF_FILTERED", "DEFAULT_4XX", "DEFAULT_5XX")) {
            // THEN each allows the site's origin, so the page can read the real error
            serving.hasResourceProperties("AWS::ApiGateway::GatewayResponse", Match.objectLike(Map.of(
                    "ResponseType", type,
                    "ResponseParameters", Match.objectLike(Map.of(
                            "gatewayresponse.header.Access-Control-Allow-Origin", Map.of("Fn::Join", List.of("", List.of("'https://",
                                    Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("SiteDistribution.*"), "DomainName")), "'"))),
                            "gatewayresponse.header.Vary", "'Origin'")),
                    // AND the body is the serving contract's {"error", "detail"}
                    "ResponseTemplates", Map.of("application/json", Match.stringLikeRegexp("\\{\"error\": \".+\", \"detail\": \\$context.error.messageString\\}")))));
        }
    }

    @Test
    void theDefaultApiIsPublicWithoutAWebAcl() {
        // GIVEN the default configuration THEN the routes take anonymous calls (the page's), as the README says
        serving.findResources("AWS::ApiGateway::Method").values().forEach(method ->
                assertTrue(method.toString().contains("AuthorizationType=NONE"), method.toString()));
        serving.resourceCountIs("AWS::WAFv2::WebACL", 0);
    }
}
