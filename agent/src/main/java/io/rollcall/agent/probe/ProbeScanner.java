package io.rollcall.agent.probe;

import io.rollcall.agent.probe.accounts.AccountsProbe;
import io.rollcall.agent.probe.accounts.LocalUser;
import io.rollcall.agent.probe.hardware.HardwareProbe;
import io.rollcall.agent.probe.media.MediaProbe;
import io.rollcall.agent.probe.os.OsProbe;
import io.rollcall.agent.probe.screenlock.ScreenLockProbe;
import io.rollcall.agent.probe.security.SecurityProbe;
import io.rollcall.agent.probe.software.SoftwareProbe;
import io.rollcall.common.report.ProbeError;
import io.rollcall.common.report.RemovableMedia;
import io.rollcall.common.report.Sections;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs one system's probes one after another (the same for every OS; {@link SystemScanner} picks the probes). Each runs inside its own try/catch: a probe that throws leaves its section
 * {@code null} and adds a {@link ProbeError}; problems a probe reports while still returning a section are recorded
 * the same way. The security section is collected last, on its own. Media events since the agent started are the media
 * poller's business; a scan reports what is connected and, as events, the history the system itself recorded.
 */
public final class ProbeScanner implements Scanner {
    private final OsProbe os;
    private final HardwareProbe hardware;
    private final SoftwareProbe software;
    private final MediaProbe media;
    private final AccountsProbe accounts;
    private final ScreenLockProbe screenLock;
    private final SecurityProbe security;

    public ProbeScanner(OsProbe os, HardwareProbe hardware, SoftwareProbe software, MediaProbe media,
                        AccountsProbe accounts, ScreenLockProbe screenLock, SecurityProbe security) {
        this.os = os;
        this.hardware = hardware;
        this.software = software;
        this.media = media;
        this.accounts = accounts;
        this.screenLock = screenLock;
        this.security = security;
    }

    @Override
    public ScanResult scan() {
        return scan(true);
    }

    @Override
    public ScanResult scanForDelta() {
        return scan(false);
    }

    private ScanResult scan(boolean withHistory) {
        List<ProbeError> errors = new ArrayList<>();
        Sections s = Sections.EMPTY
                .withOs(attempt("os", os::read, errors))
                .withHardware(attempt("hardware", hardware::read, errors));
        SoftwareProbe.Inventory inventory = attempt("software", software::read, errors);
        if (inventory != null) {
            s = s.withSoftware(inventory.items());
            inventory.problems().forEach(p -> errors.add(new ProbeError("software", p)));
        }
        List<io.rollcall.common.report.MediaDevice> connected = attempt("removableMedia", media::connected, errors);
        List<io.rollcall.common.report.MediaEvent> history = connected == null || !withHistory ? null
                : attempt("removableMedia", media::history, errors);
        s = s.withRemovableMedia(connected == null ? null
                : new RemovableMedia(connected, history == null ? List.of() : history));
        AccountsProbe.Result users = attempt("accounts", accounts::read, errors);
        if (users != null) {
            s = s.withAccounts(users.section());
            users.problems().forEach(p -> errors.add(new ProbeError("accounts", p)));
            List<LocalUser> interactive = users.interactive();
            s = s.withScreenLock(attempt("screenLock", () -> screenLock.read(interactive), errors));
        } else {
            errors.add(new ProbeError("screenLock", "skipped: the accounts it is read for are unknown"));
        }
        s = s.withSecurity(attempt("security", security::read, errors));
        return new ScanResult(s, errors);
    }

    static <T> T attempt(String probe, Supplier<T> read, List<ProbeError> errors) {
        try {
            return read.get();
        } catch (RuntimeException | LinkageError e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            errors.add(new ProbeError(probe, why));
            return null;
        }
    }
}
