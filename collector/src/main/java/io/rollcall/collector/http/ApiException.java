package io.rollcall.collector.http;

/**
 * A refusal with an HTTP status and a body a person can act on. Thrown anywhere in a handler chain;
 * the router's failure handler turns it into {@code {error, detail}}. It carries no stack trace:
 * it is an answer, not a fault.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String error;
    private final long retryAfterSeconds;

    public ApiException(int status, String error, String detail) {
        this(status, error, detail, 0);
    }

    private ApiException(int status, String error, String detail, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 429 {@code too-many-attempts}, answered with {@code Retry-After: seconds}. */
    public static ApiException tooManyAttempts(String detail, long seconds) {
        return new ApiException(429, "too-many-attempts", detail, Math.max(1, seconds));
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "bad-request", detail);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not-found", what);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "unauthorized", detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", detail);
    }

    public int status() {
        return status;
    }

    /** Seconds for a {@code Retry-After} header, or 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public String error() {
        return error;
    }
}
