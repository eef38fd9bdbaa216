package dev.replenish.lambdas.query;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** An S3Client over a set of keys in one bucket, listing a few keys per page so paging is exercised. */
final class FakeS3 implements S3Client {

    final TreeSet<String> keys = new TreeSet<>();
    final List<DeleteObjectsRequest> deletes = new ArrayList<>();
    private final String bucket;
    private final int pageSize;
    private final List<String> log;
    private final Set<String> undeletable = new TreeSet<>();

    FakeS3(String bucket, int pageSize, List<String> log) {
        this.bucket = bucket;
        this.pageSize = pageSize;
        this.log = log;
    }

    FakeS3 refusingToDelete(String key) {
        undeletable.add(key);
        return this;
    }

    @Override
    public ListObjectsV2Response listObjectsV2(ListObjectsV2Request request) {
        check(request.bucket());
        log.add("s3 list " + request.prefix());
        String after = request.continuationToken();
        List<S3Object> page = new ArrayList<>();
        boolean truncated = false;
        for (String key : after == null ? keys : keys.tailSet(after, false)) {
            if (!key.startsWith(request.prefix())) {
                continue;
            }
            if (page.size() == pageSize) {
                truncated = true;
                break;
            }
            page.add(S3Object.builder().key(key).build());
        }
        return ListObjectsV2Response.builder().contents(page).isTruncated(truncated)
                .nextContinuationToken(truncated ? page.get(page.size() - 1).key() : null).build();
    }

    @Override
    public DeleteObjectsResponse deleteObjects(DeleteObjectsRequest request) {
        check(request.bucket());
        deletes.add(request);
        log.add("s3 delete " + request.delete().objects().size());
        List<S3Error> errors = new ArrayList<>();
        for (ObjectIdentifier object : request.delete().objects()) {
            if (undeletable.contains(object.key())) {
                errors.add(S3Error.builder().key(object.key()).code("AccessDenied").message("Access Denied").build());
            } else {
                keys.remove(object.key());
            }
        }
        return DeleteObjectsResponse.builder().errors(errors).build();
    }

    private void check(String requestedBucket) {
        if (!bucket.equals(requestedBucket)) {
            throw new AssertionError("request for bucket " + requestedBucket + ", expected " + bucket);
        }
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
