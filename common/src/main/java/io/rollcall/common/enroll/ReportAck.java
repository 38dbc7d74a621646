package io.rollcall.common.enroll;

import java.util.UUID;

/** {@code 202} for a stored report; {@code duplicate} when the reportId had been stored before. */
public record ReportAck(UUID reportId, boolean duplicate) {
}
