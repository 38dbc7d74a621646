package io.rollcall.common.wire;

/**
 * Input that the wire contract refuses. {@code field} is the JSON path of the offending value
 * ("sections.software[12].name") or {@code null} when the problem is the body as a whole.
 */
public final class WireException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What kind of refusal; the collector maps each to one HTTP status. */
    public enum Problem {
        /** 413: the body or an inflated body is too large. */
        TOO_LARGE,
        /** 415: a content type or encoding the collector does not read. */
        UNSUPPORTED,
        /** 400: not JSON, or JSON of the wrong shape or types. */
        MALFORMED,
        /** 400: well-formed, but a value breaks a rule or a limit. */
        INVALID
    }

    private final Problem problem;
    private final String field;

    public WireException(Problem problem, String field, String detail) {
        super(detail);
        this.problem = problem;
        this.field = field;
    }

    public Problem problem() {
        return problem;
    }

    public String field() {
        return field;
    }

    /** The message for a person: the field first, then what is wrong with it. */
    public String detail() {
        return field == null ? getMessage() : field + ": " + getMessage();
    }
}
