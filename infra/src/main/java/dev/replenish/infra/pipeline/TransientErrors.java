package dev.replenish.infra.pipeline;

import java.util.List;

/**
 * Errors worth retrying: throttling and service-side faults, which pass by themselves. A failure of
 * the work itself (a query error, a failed Spark job, a schema mismatch, a training job that fails,
 * a request SageMaker finds invalid) is not retried: it would fail again and, for Glue and SageMaker,
 * cost money doing so.
 *
 * <p>Step Functions names an integration's error "{Service}.{exception}": the modelled exception's
 * name, or the service's catch-all exception class when the error is not modelled. A catch-all
 * ({@code SageMaker.AmazonSageMakerException}, {@code S3.S3Exception}) is never listed: SageMaker's
 * ValidationException ("Could not find model data", a name over 63 characters) surfaces as
 * {@code SageMaker.AmazonSageMakerException}, and retrying it only repeats the failure four times.
 * The price is that a SageMaker throttle or fault that also surfaces under the catch-all fails the
 * run instead of being retried; the run is started again, and the SNS notification says why.
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
            "SageMaker.ThrottlingException", "SageMaker.InternalFailure", "SageMaker.ServiceUnavailable");

    static final List<String> S3 = List.of(
            "S3.SlowDownException", "S3.InternalErrorException", "S3.SdkClientException");

    static final List<String> SNS = List.of(
            "SNS.ThrottledException", "SNS.InternalErrorException", "SNS.KmsThrottlingException");

    static final List<String> STEP_FUNCTIONS = List.of(
            "Sfn.ThrottlingException", "Sfn.SdkClientException");

    /** Names that cover every error of a service or of a state: never a retry's, whatever the service. */
    static final List<String> CATCH_ALLS = List.of(
            "SageMaker.AmazonSageMakerException", "SageMaker.SageMakerException", "S3.S3Exception", "Glue.AWSGlueException",
            "States.ALL", "States.TaskFailed");
}
