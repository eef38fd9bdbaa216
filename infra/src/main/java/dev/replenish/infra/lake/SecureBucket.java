package dev.replenish.infra.lake;

import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The settings every bucket of the app starts from, in one place: encrypted at rest (S3-managed
 * keys), no public access, TLS 1.2 or later only, and ACLs off. The lake, the site and the access
 * logs add what is theirs (versioning, lifecycle, logging, removal) to this builder.
 */
public final class SecureBucket {

    /** The oldest TLS a bucket's policy lets a request use. */
    static final double MINIMUM_TLS_VERSION = 1.2;

    private SecureBucket() {
    }

    public static Bucket.Builder builder(Construct scope, String id) {
        return Bucket.Builder.create(scope, id)
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .minimumTlsVersion(MINIMUM_TLS_VERSION)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED);
    }
}
