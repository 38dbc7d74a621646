package io.rollcall.agent.probe.media;

import io.rollcall.common.report.MediaDevice;
import java.util.List;

/** Lists the removable media connected now. Cheap enough to poll every few seconds. Never throws. */
public interface MediaProbe {
    List<MediaDevice> connected();
}
