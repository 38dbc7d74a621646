package io.rollcall.common.enroll;

/** The operating system named at enrolment. */
public record OsRef(String family, String version) {
}
