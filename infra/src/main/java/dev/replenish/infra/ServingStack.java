package dev.replenish.infra;

import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.lake.AccessLogBucket;
import dev.replenish.infra.serving.PredictionApi;
import dev.replenish.infra.web.SiteContent;
import dev.replenish.infra.web.SiteHosting;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.IStableStringProducer;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** What a person touches: the prediction API and the web page that calls it. */
public final class ServingStack extends Stack {

    private final PredictionApi api;
    private final SiteHosting site;

    public ServingStack(Construct scope, String id, StackProps props, InfraConfig config, DataStack data) {
        super(scope, id, props);
        AccessLogBucket accessLogs = new AccessLogBucket(this, "AccessLogs",
                new AccessLogBucket.Props(config.logs().retentionDays(), true));
        // The page's CSP names the API's origin and the API's CORS names the page's origin. The CSP
        // takes the API origin lazily (resolved at synthesis); in the template there is no cycle: the
        // headers policy refers to the RestApi resource, the API's methods to the distribution.
        ApiOrigin apiOrigin = new ApiOrigin();
        site = new SiteHosting(this, "Site", new SiteHosting.Props(accessLogs.bucket(),
                Lazy.string(apiOrigin)));
        api = new PredictionApi(this, "Api", new PredictionApi.Props(
                config.artifacts().lambdaJarDir(), config.api(), config.functions().apiMemoryMb(),
                config.logs().retentionDays(), data.featureStore(), config.endpoint().name(), site.origin()));
        apiOrigin.api = api;
        new SiteContent(this, "SiteContent", new SiteContent.Props(
                config.artifacts().webDir(), site.bucket(), site.distribution(), api.url(), config.logs().retentionDays()));

        CfnOutput.Builder.create(this, "SiteUrl").description("Open the page here").value(site.origin() + "/").build();
        CfnOutput.Builder.create(this, "ApiUrl").description("The prediction API's base URL (also in the page's config.json)")
                .value(api.url()).build();
    }

    private static final class ApiOrigin implements IStableStringProducer {
        private PredictionApi api;

        @Override
        public String produce() {
            return api.origin();
        }
    }

    public PredictionApi api() {
        return api;
    }

    public SiteHosting site() {
        return site;
    }
}
