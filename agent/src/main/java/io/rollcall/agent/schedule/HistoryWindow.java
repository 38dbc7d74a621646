package io.rollcall.agent.schedule;

import io.rollcall.common.report.MediaEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Picks the system-recorded media history a full report still has to carry. Pure. */
final class HistoryWindow {
    private HistoryWindow() {
    }

    /**
     * The events strictly after {@code sentUpTo} ({@code null}: all), oldest first, at most {@code room}. When the
     * cut falls among events sharing one instant, all of that instant's events are left for the next report: the
     * watermark becomes the last carried event's time, so a half-sent instant would otherwise be skipped for good.
     */
    static List<MediaEvent> after(List<MediaEvent> history, Instant sentUpTo, int room) {
        if (history == null || history.isEmpty() || room <= 0) {
            return List.of();
        }
        List<MediaEvent> newer = new ArrayList<>();
        for (MediaEvent e : history) {
            if (e != null && e.at() != null && (sentUpTo == null || e.at().isAfter(sentUpTo))) {
                newer.add(e);
            }
        }
        newer.sort(Comparator.comparing(MediaEvent::at));
        if (newer.size() <= room) {
            return newer;
        }
        List<MediaEvent> carried = new ArrayList<>(newer.subList(0, room));
        Instant cut = newer.get(room).at();
        carried.removeIf(e -> e.at().equals(cut));
        // one instant with more events than the room: carry what fits rather than nothing, forever
        return carried.isEmpty() ? newer.subList(0, room) : carried;
    }
}
