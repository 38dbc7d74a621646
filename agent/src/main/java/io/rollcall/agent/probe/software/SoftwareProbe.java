package io.rollcall.agent.probe.software;

import io.rollcall.common.report.SoftwareItem;
import java.util.List;

/** Lists installed software from every package system present. */
public interface SoftwareProbe {

    /** The packages, and the package systems that were present but could not be read. */
    record Inventory(List<SoftwareItem> items, List<String> problems) {
        public Inventory {
            items = List.copyOf(items);
            problems = List.copyOf(problems);
        }
    }

    Inventory read();
}
