package dev.replenish.infra.web;

import dev.replenish.infra.lake.SecureBucket;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersXSSProtection;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

import java.util.List;

/**
 * Where the page is served from: a private bucket that only this CloudFront distribution can read
 * (origin access control), HTTPS only, with security headers on every response. The page's
 * Content-Security-Policy allows scripts, styles and data from the site itself and calls to the API
 * only: no inline script or style, no third-party origin.
 */
public final class SiteHosting extends Construct {

    /** Two years: the value HSTS preload lists ask for. */
    static final Duration HSTS_MAX_AGE = Duration.days(730);

    /**
     * @param accessLogs a bucket with ACLs enabled (CloudFront standard logging writes with ACLs)
     * @param apiOrigin  https://<api id>.execute-api.<region>.amazonaws.com
     */
    public record Props(IBucket accessLogs, String apiOrigin) {
    }

    private final Bucket bucket;
    private final Distribution distribution;

    public SiteHosting(Construct scope, String id, Props props) {
        super(scope, id);
        bucket = SecureBucket.builder(this, "Bucket")
                .serverAccessLogsBucket(props.accessLogs())
                .serverAccessLogsPrefix("site-bucket/")
                // Rebuilt from web/ by every deploy; the deployment empties it on stack deletion.
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        ResponseHeadersPolicy headers = ResponseHeadersPolicy.Builder.create(this, "SecurityHeaders")
                .comment("Replenish site: HSTS, CSP (self + the API), no framing, no sniffing")
                .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
                        .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder()
                                .contentSecurityPolicy("default-src 'self'; script-src 'self'; style-src 'self'; "
                                        + "img-src 'self' data:; connect-src 'self' " + props.apiOrigin() + "; "
                                        + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'")
                                .override(true)
                                .build())
                        .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder()
                                .accessControlMaxAge(HSTS_MAX_AGE).includeSubdomains(true).override(true).build())
                        .contentTypeOptions(ResponseHeadersContentTypeOptions.builder().override(true).build())
                        .frameOptions(ResponseHeadersFrameOptions.builder()
                                .frameOption(HeadersFrameOption.DENY).override(true).build())
                        .referrerPolicy(ResponseHeadersReferrerPolicy.builder()
                                .referrerPolicy(HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN).override(true).build())
                        .xssProtection(ResponseHeadersXSSProtection.builder()
                                .protection(true).modeBlock(true).override(true).build())
                        .build())
                .build();

        distribution = Distribution.Builder.create(this, "Distribution")
                .comment("Replenish web page")
                .defaultRootObject("index.html")
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(bucket))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                        .allowedMethods(AllowedMethods.ALLOW_GET_HEAD)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .responseHeadersPolicy(headers)
                        .compress(true)
                        .build())
                .httpVersion(HttpVersion.HTTP2_AND_3)
                // North America and Europe edges only: the cheapest class; other viewers are served from those.
                .priceClass(PriceClass.PRICE_CLASS_100)
                .enableLogging(true)
                .logBucket(props.accessLogs())
                .logFilePrefix("cloudfront/")
                .build();

        NagSuppressions.addResourceSuppressions(distribution, List.of(
                NagPackSuppression.builder().id("AwsSolutions-CFR1")
                        .reason("The demo page is meant to be reachable from anywhere; there is no market to restrict.")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-CFR2")
                        .reason("Static files behind CloudFront's built-in DDoS protection; a WAF web ACL would cost "
                                + "more per month than the rest of the idle deployment.")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-CFR4")
                        .reason("The distribution uses its default *.cloudfront.net certificate (no custom domain), whose "
                                + "minimum TLS version CloudFront fixes; viewers are HTTPS-only regardless.")
                        .build()));
    }

    public Bucket bucket() {
        return bucket;
    }

    public Distribution distribution() {
        return distribution;
    }

    /** https://<distribution domain>: the site's URL and its origin for CORS. */
    public String origin() {
        return "https://" + distribution.getDistributionDomainName();
    }
}
