package io.rollcall.collector.software;

import io.rollcall.collector.findings.Decision;

/** The wire and column names of catalogue statuses. */
public final class Statuses {
    public static final String UNREVIEWED = "unreviewed";

    private Statuses() {
    }

    public static String wire(Decision.Status s) {
        return switch (s) {
            case APPROVED -> "approved";
            case LICENCE_REQUIRED -> "licence-required";
            case BANNED -> "banned";
        };
    }

    /** The status named {@code s}; {@code null} for unreviewed; {@link IllegalArgumentException} naming it otherwise. */
    public static Decision.Status parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("status is required: approved, licence-required or banned");
        }
        return switch (s) {
            case "approved" -> Decision.Status.APPROVED;
            case "licence-required" -> Decision.Status.LICENCE_REQUIRED;
            case "banned" -> Decision.Status.BANNED;
            case UNREVIEWED -> null;
            default -> throw new IllegalArgumentException(
                    "status was '" + s + "', must be approved, licence-required or banned");
        };
    }
}
