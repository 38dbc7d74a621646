package io.rollcall.common.report;

import java.time.Instant;

/**
 * One installed package as the operating system's package database lists it.
 *
 * @param installedAt when it was installed or last upgraded; {@code null} when the source does not record it
 * @param location    install path or package identifier where the source gives one
 */
public record SoftwareItem(String name, String version, String publisher, Instant installedAt, SoftwareSource source,
                           String location) {
}
