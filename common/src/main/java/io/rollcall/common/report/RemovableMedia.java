package io.rollcall.common.report;

import java.util.List;

/**
 * Removable media: what is connected now, and what was connected or removed since the last delivered report.
 */
public record RemovableMedia(List<MediaDevice> connected, List<MediaEvent> events) {
    public RemovableMedia {
        connected = connected == null ? List.of() : List.copyOf(connected);
        events = events == null ? List.of() : List.copyOf(events);
    }
}
