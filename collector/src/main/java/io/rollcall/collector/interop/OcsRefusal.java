package io.rollcall.collector.interop;

/**
 * Why an OCS request is refused, with the HTTP status the agent gets. The detail names the limit or field and is
 * safe to show and log: it never carries the credential or the body.
 */
public final class OcsRefusal extends RuntimeException {
    private final int status;
    private final String code;
    private final long retryAfterSeconds;

    public OcsRefusal(int status, String code, String detail) {
        this(status, code, detail, 0);
    }

    public OcsRefusal(int status, String code, String detail, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static OcsRefusal hostile(String detail) {
        return new OcsRefusal(400, "refused-xml", detail);
    }

    static OcsRefusal tooLarge(String detail) {
        return new OcsRefusal(413, "too-large", detail);
    }

    static OcsRefusal unauthorized(String detail) {
        return new OcsRefusal(401, "unauthorized", detail);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
