package io.rollcall.collector.licences;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A licence held for a title.
 *
 * @param type      per-device (a seat per device), per-user (a seat per device too: the agent reports devices,
 *                  not people), or site (every install covered)
 * @param seats     seats bought; ignored for a site licence
 * @param validFrom first day it counts (inclusive); {@code null} means already valid
 * @param validTo   last day it counts (inclusive); {@code null} means perpetual
 */
public record Licence(UUID id, String title, String type, int seats, LocalDate validFrom, LocalDate validTo,
                      String supplier, String reference, String createdBy, Instant createdAt) {

    /** Whether it counts on {@code day}. */
    public boolean validOn(LocalDate day) {
        return (validFrom == null || !day.isBefore(validFrom)) && (validTo == null || !day.isAfter(validTo));
    }

    public boolean site() {
        return "site".equals(type);
    }
}
