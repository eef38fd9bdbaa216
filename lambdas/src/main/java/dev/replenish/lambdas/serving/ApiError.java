package dev.replenish.lambdas.serving;

/**
 * An answer other than 200, with the serving contract's body {@code {"error": ..., "detail": ...}}.
 * 4xx for the client's mistakes; 503 when the service cannot answer correctly right now.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String detail;

    public ApiError(int status, String error, String detail) {
        super(error);
        this.status = status;
        this.detail = detail;
    }

    public static ApiError badRequest(String detail) {
        return new ApiError(400, "bad request", detail);
    }

    public static ApiError notFound(String error, String detail) {
        return new ApiError(404, error, detail);
    }

    public int status() {
        return status;
    }

    public String detail() {
        return detail;
    }
}
