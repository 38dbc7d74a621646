package io.rollcall.common.enroll;

/** Every 4xx/5xx body: a short machine-readable {@code error} and a {@code detail} a person can act on. */
public record ApiError(String error, String detail) {
}
