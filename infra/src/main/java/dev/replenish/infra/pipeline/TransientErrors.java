package dev.replenish.infra.pipeline;

import java.util.List;

/**
 * Errors worth retrying: throttling and service-side faults, which pass by themselves. A failure of
 * the work itself (a query error, a failed Spark job, a schema mismatch, a training job that fails)
 * is not retried: it would fail again and, for Glue and SageMaker, cost money doing so.
 *
 * <p>Step Functions names an error "{Service}.{ExceptionClass}". The SDK-integration names below list
 * both the specific throttling classes and the service's generic exception class, which is how
 * throttling and 5xx faults of these services surface.
 */
final class TransientErrors {

    private TransientErrors() {
    }

    /** The four errors AWS recommends retrying for every Lambda invocation. */
    static final List<String> LAMBDA = List.of(
            "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException");

    static final List<String> GLUE = List.of(
            "Glue.ConcurrentRunsExceededException", "Glue.ThrottlingException", "Glue.InternalServiceException",
            "Glue.OperationTimeoutException");

    static final List<String> SAGEMAKER = List.of(
            "SageMaker.ThrottlingException", "SageMaker.AmazonSageMakerException", "SageMaker.SageMakerException",
            "SageMaker.InternalFailure", "SageMaker.ServiceUnavailable");

    static final List<String> S3 = List.of(
            "S3.SlowDownException", "S3.InternalErrorException", "S3.S3Exception", "S3.SdkClientException");

    static final List<String> SNS = List.of(
            "SNS.ThrottledException", "SNS.InternalErrorException", "SNS.KmsThrottlingException");
}
