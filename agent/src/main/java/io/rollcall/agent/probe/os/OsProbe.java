package io.rollcall.agent.probe.os;

import io.rollcall.common.report.OsInfo;

/** Describes the operating system. Throws only when nothing at all can be read; the scanner records that. */
public interface OsProbe {
    OsInfo read();
}
