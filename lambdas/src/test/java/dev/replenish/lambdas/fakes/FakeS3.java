package dev.replenish.lambdas.fakes;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An S3Client over a set of keys in one bucket, listing a few keys per page so paging is exercised.
 * Objects put or added with {@link #put} have contents that GetObject returns; every request is
 * logged as one line.
 */
public final class FakeS3 implements S3Client {

    public final TreeSet<String> keys = new TreeSet<>();
    public final Map<String, byte[]> contents = new HashMap<>();
    public final List<DeleteObjectsRequest> deletes = new ArrayList<>();
    public final List<PutObjectRequest> puts = new ArrayList<>();
    private final String bucket;
    private final int pageSize;
    private final List<String> log;
    private final Set<String> undeletable = new TreeSet<>();

    public FakeS3(String bucket, int pageSize, List<String> log) {
        this.bucket = bucket;
        this.pageSize = pageSize;
        this.log = log;
    }

    public FakeS3 refusingToDelete(String key) {
        undeletable.add(key);
        return this;
    }

    /** Adds an object with contents, as if it had been written before the test. */
    public FakeS3 put(String key, byte[] bytes) {
        keys.add(key);
        contents.put(key, bytes);
        return this;
    }

    public FakeS3 put(String key, String text) {
        return put(key, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The text of an object written through PutObject (or added with {@link #put}). */
    public String text(String key) {
        byte[] bytes = contents.get(key);
        if (bytes == null) {
            throw new AssertionError("no object " + key + "; objects: " + keys);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public <T> T getObject(GetObjectRequest request, ResponseTransformer<GetObjectResponse, T> transformer) {
        check(request.bucket());
        log.add("s3 get " + request.key());
        byte[] bytes = contents.get(request.key());
        if (bytes == null) {
            throw NoSuchKeyException.builder().message("The specified key does not exist.").statusCode(404).build();
        }
        try {
            return transformer.transform(GetObjectResponse.builder().contentLength((long) bytes.length).build(),
                    AbortableInputStream.create(new ByteArrayInputStream(bytes)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
        check(request.bucket());
        log.add("s3 put " + request.key());
        puts.add(request);
        try (InputStream in = body.contentStreamProvider().newStream()) {
            put(request.key(), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return PutObjectResponse.builder().build();
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
                contents.remove(object.key());
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
