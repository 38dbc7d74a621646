package io.rollcall.common.report;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One installed package as the operating system's package database lists it.
 *
 * @param installedAt when it was installed or last upgraded, to the second (a finer fraction, which file times
 *                    carry, is dropped: it is noise to a technician and was a tenth of a gzipped report);
 *                    {@code null} when the source does not record it
 * @param location    install path or package identifier where the source gives one
 */
public record SoftwareItem(String name, String version, String publisher, Instant installedAt, SoftwareSource source,
                           String location) {
    public SoftwareItem {
        installedAt = installedAt == null || installedAt.getNano() == 0 ? installedAt
                : installedAt.truncatedTo(ChronoUnit.SECONDS);
    }
}
