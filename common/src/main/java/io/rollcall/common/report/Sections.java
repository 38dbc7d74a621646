package io.rollcall.common.report;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.rollcall.common.wire.SoftwareTable;
import java.util.List;

/**
 * The sections of a report. Every one is optional in a delta or heartbeat; absent means "unchanged".
 * {@code software} is read from either wire form, a list of objects or a table of columns ({@link SoftwareTable}).
 */
public record Sections(OsInfo os, HardwareInfo hardware,
                       @JsonDeserialize(using = SoftwareTable.Deserializer.class) List<SoftwareItem> software,
                       RemovableMedia removableMedia,
                       AccountsSection accounts, ScreenLockSection screenLock, SecuritySection security) {

    public static final Sections EMPTY = new Sections(null, null, null, null, null, null, null);

    public Sections withOs(OsInfo v) {
        return new Sections(v, hardware, software, removableMedia, accounts, screenLock, security);
    }

    public Sections withHardware(HardwareInfo v) {
        return new Sections(os, v, software, removableMedia, accounts, screenLock, security);
    }

    public Sections withSoftware(List<SoftwareItem> v) {
        return new Sections(os, hardware, v, removableMedia, accounts, screenLock, security);
    }

    public Sections withRemovableMedia(RemovableMedia v) {
        return new Sections(os, hardware, software, v, accounts, screenLock, security);
    }

    public Sections withAccounts(AccountsSection v) {
        return new Sections(os, hardware, software, removableMedia, v, screenLock, security);
    }

    public Sections withScreenLock(ScreenLockSection v) {
        return new Sections(os, hardware, software, removableMedia, accounts, v, security);
    }

    public Sections withSecurity(SecuritySection v) {
        return new Sections(os, hardware, software, removableMedia, accounts, screenLock, v);
    }
}
