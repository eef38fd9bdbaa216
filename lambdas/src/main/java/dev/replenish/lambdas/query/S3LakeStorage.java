package dev.replenish.lambdas.query;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;

import java.util.List;

/** {@link LakeStorage} on the lake's S3 bucket. */
public final class S3LakeStorage implements LakeStorage {

    private final S3Client s3;
    private final String bucket;

    public S3LakeStorage(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public void empty(String lakeKey) {
        String token = null;
        do {
            String continuation = token;
            // A listing page holds at most 1,000 keys, which is also DeleteObjects' limit.
            ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket(bucket).prefix(lakeKey).continuationToken(continuation));
            List<ObjectIdentifier> objects = page.contents().stream()
                    .map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
            if (!objects.isEmpty()) {
                DeleteObjectsResponse deleted = s3.deleteObjects(r -> r.bucket(bucket)
                        .delete(Delete.builder().objects(objects).quiet(true).build()));
                if (!deleted.errors().isEmpty()) {
                    S3Error first = deleted.errors().get(0);
                    throw new IllegalStateException("could not empty s3://" + bucket + "/" + lakeKey + ": " + deleted.errors().size()
                            + " objects not deleted, first s3://" + bucket + "/" + first.key() + " (" + first.code() + ": " + first.message() + ")");
                }
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
    }
}
