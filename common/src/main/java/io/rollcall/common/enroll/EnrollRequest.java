package io.rollcall.common.enroll;

/** {@code POST /api/v1/enroll}: the school's enrolment token and what identifies this machine. */
public record EnrollRequest(String enrollToken, String hostname, String hardwareUuid, String serialNumber, OsRef os) {
}
