package io.rollcall.common.wire;

/**
 * Hard limits on what the collector accepts, enforced while parsing (sizes, nesting, string and
 * array lengths) and by {@link ReportValidator} (per-field lengths and list lengths). A real full
 * report of about 1,000 packages is about 180 KB of JSON; these limits leave room for a developer's
 * workstation with ten times that and refuse anything beyond.
 */
public final class Limits {
    /** Largest request body on the wire, compressed or not. */
    public static final int MAX_WIRE_BYTES = 4 * 1024 * 1024;
    /** Largest report after gzip inflation: a gzip bomb stops here. */
    public static final int MAX_REPORT_BYTES = 8 * 1024 * 1024;
    /** Largest enrolment request body. */
    public static final int MAX_ENROLL_BYTES = 16 * 1024;
    /** Deepest nesting of objects and arrays; a v1 report needs 7. */
    public static final int MAX_NESTING_DEPTH = 16;
    /** Longest string value of any kind, checked by the tokenizer. */
    public static final int MAX_STRING_CHARS = 4096;
    /** Longest property name. */
    public static final int MAX_NAME_CHARS = 64;
    /** Longest number literal. */
    public static final int MAX_NUMBER_CHARS = 24;
    /** Most elements in any one JSON array, checked by the tokenizer. */
    public static final int MAX_ARRAY_ELEMENTS = 20_000;

    public static final int MAX_SOFTWARE = 20_000;
    public static final int MAX_MEDIA_CONNECTED = 256;
    public static final int MAX_MEDIA_EVENTS = 10_000;
    public static final int MAX_ACCOUNTS = 2_000;
    public static final int MAX_SCREENLOCK_ACCOUNTS = 2_000;
    public static final int MAX_ANTIVIRUS = 32;
    public static final int MAX_PROBE_ERRORS = 64;
    public static final int MAX_SECURITY_REASONS = 16;

    /** Names, publishers, vendors, products, account names. */
    public static final int MAX_NAME = 512;
    /** Versions, serials, identifiers. */
    public static final int MAX_SHORT = 256;
    /** Paths and free-text reasons. */
    public static final int MAX_TEXT = 2048;
    /** Longest idle or grace time a report may carry: a year, in seconds. */
    public static final int MAX_SECONDS = 366 * 24 * 3600;

    private Limits() {
    }
}
