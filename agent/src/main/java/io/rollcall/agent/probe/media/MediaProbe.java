package io.rollcall.agent.probe.media;

import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import java.util.List;

/** Lists the removable media connected now. Cheap enough to poll every few seconds. Never throws. */
public interface MediaProbe {
    List<MediaDevice> connected();

    /**
     * Connections and removals the system itself recorded, oldest first, including those from before the agent was
     * installed (the Windows USBSTOR tree, the Linux kernel journal). Read once per full scan, not polled; may throw,
     * which the scanner reports as a probe error.
     */
    default List<MediaEvent> history() {
        return List.of();
    }
}
