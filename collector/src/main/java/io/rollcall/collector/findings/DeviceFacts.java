package io.rollcall.collector.findings;

import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.Sections;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What the rules know about one device.
 *
 * @param deviceId          the device
 * @param current           the latest value of every section merged across reports; an absent (null) section
 *                          was never reported, and rules needing it produce nothing. Null means no sections.
 * @param lastSeen          when the device last reported (its enrolment time if it never has)
 * @param recentMediaEvents removable-media events kept in history, at least those within the policy's media
 *                          window; may be empty, never null after construction
 * @param onLoan            whether the device is currently lent to a member of staff (stricter staleness)
 */
public record DeviceFacts(UUID deviceId, Sections current, Instant lastSeen,
                          List<MediaEvent> recentMediaEvents, boolean onLoan) {

    public DeviceFacts {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(lastSeen, "lastSeen");
        current = current == null ? Sections.EMPTY : current;
        recentMediaEvents = recentMediaEvents == null ? List.of()
                : recentMediaEvents.stream().filter(Objects::nonNull).toList();
    }
}
