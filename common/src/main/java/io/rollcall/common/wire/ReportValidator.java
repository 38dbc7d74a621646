package io.rollcall.common.wire;

import io.rollcall.common.report.Account;
import io.rollcall.common.report.AccountsSection;
import io.rollcall.common.report.Antivirus;
import io.rollcall.common.report.Diagnostics;
import io.rollcall.common.report.HardwareInfo;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.OsInfo;
import io.rollcall.common.report.ProbeError;
import io.rollcall.common.report.RemovableMedia;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.OsUpdates;
import io.rollcall.common.report.SecuritySection;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SoftwareItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Checks a parsed report against the v1 contract. The first violation is thrown with the field's
 * JSON path and the limit it broke, e.g. {@code sections.software[12].name: is 913 characters, the
 * limit is 512}.
 */
public final class ReportValidator {
    /** Reports may be collected up to this far in the future of the collector's clock (clock skew). */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofHours(24);
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Pattern HEX_ID = Pattern.compile("[0-9a-f]{4}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final Clock clock;

    public ReportValidator(Clock clock) {
        this.clock = clock;
    }

    public Report validate(Report r) throws WireException {
        if (r.schema() != Report.SCHEMA_VERSION) {
            throw invalid("schema", "is " + r.schema() + "; this collector reads schema " + Report.SCHEMA_VERSION);
        }
        required("reportId", r.reportId());
        required("deviceId", r.deviceId());
        required("kind", r.kind());
        text("agentVersion", required("agentVersion", r.agentVersion()), Limits.MAX_SHORT);
        instant("collectedAt", required("collectedAt", r.collectedAt()));
        Sections s = r.sections();
        if (r.kind() == ReportKind.FULL) {
            required("sections.os", s.os());
            required("sections.hardware", s.hardware());
        }
        os(s.os());
        hardware(s.hardware());
        software(s.software());
        media(s.removableMedia());
        accounts(s.accounts());
        screenLock(s.screenLock());
        security(s.security());
        diagnostics(r.diagnostics());
        return r;
    }

    private void os(OsInfo os) throws WireException {
        if (os == null) {
            return;
        }
        text("sections.os.family", required("sections.os.family", os.family()), Limits.MAX_SHORT);
        text("sections.os.name", os.name(), Limits.MAX_NAME);
        text("sections.os.version", os.version(), Limits.MAX_SHORT);
        text("sections.os.build", os.build(), Limits.MAX_SHORT);
        text("sections.os.arch", os.arch(), Limits.MAX_SHORT);
        text("sections.os.hostname", os.hostname(), Limits.MAX_SHORT);
    }

    private void hardware(HardwareInfo hw) throws WireException {
        if (hw == null) {
            return;
        }
        text("sections.hardware.hardwareUuid", required("sections.hardware.hardwareUuid", hw.hardwareUuid()), Limits.MAX_SHORT);
        text("sections.hardware.identitySource", hw.identitySource(), Limits.MAX_SHORT);
        text("sections.hardware.serialNumber", hw.serialNumber(), Limits.MAX_SHORT);
        text("sections.hardware.manufacturer", hw.manufacturer(), Limits.MAX_NAME);
        text("sections.hardware.model", hw.model(), Limits.MAX_NAME);
        text("sections.hardware.cpu", hw.cpu(), Limits.MAX_NAME);
        nonNegative("sections.hardware.memoryBytes", hw.memoryBytes());
    }

    private void software(List<SoftwareItem> items) throws WireException {
        if (items == null) {
            return;
        }
        size("sections.software", items, Limits.MAX_SOFTWARE);
        Instant latest = clock.instant().plus(MAX_CLOCK_SKEW);
        for (int i = 0; i < items.size(); i++) {
            // a report carries ~1,000 items: their field paths are built only when one is refused
            int n = i;
            SoftwareItem it = element(() -> "sections.software[" + n + "]", items.get(i));
            Supplier<String> name = () -> "sections.software[" + n + "].name";
            text(name, required(name, it.name()), Limits.MAX_NAME);
            required(() -> "sections.software[" + n + "].source", it.source());
            text(() -> "sections.software[" + n + "].version", it.version(), Limits.MAX_SHORT);
            text(() -> "sections.software[" + n + "].publisher", it.publisher(), Limits.MAX_NAME);
            text(() -> "sections.software[" + n + "].location", it.location(), Limits.MAX_TEXT);
            if (it.installedAt() != null) {
                instant(() -> "sections.software[" + n + "].installedAt", it.installedAt(), latest);
            }
        }
    }

    private void media(RemovableMedia m) throws WireException {
        if (m == null) {
            return;
        }
        size("sections.removableMedia.connected", m.connected(), Limits.MAX_MEDIA_CONNECTED);
        for (int i = 0; i < m.connected().size(); i++) {
            device("sections.removableMedia.connected[" + i + "]", m.connected().get(i));
        }
        size("sections.removableMedia.events", m.events(), Limits.MAX_MEDIA_EVENTS);
        for (int i = 0; i < m.events().size(); i++) {
            String f = "sections.removableMedia.events[" + i + "]";
            MediaEvent e = element(f, m.events().get(i));
            instant(f + ".at", required(f + ".at", e.at()));
            required(f + ".action", e.action());
            device(f + ".device", required(f + ".device", e.device()));
        }
    }

    private void device(String f, MediaDevice d) throws WireException {
        element(f, d);
        required(f + ".kind", d.kind());
        hexId(f + ".vendorId", d.vendorId());
        hexId(f + ".productId", d.productId());
        text(f + ".vendor", d.vendor(), Limits.MAX_NAME);
        text(f + ".product", d.product(), Limits.MAX_NAME);
        text(f + ".serial", d.serial(), Limits.MAX_SHORT);
        text(f + ".filesystem", d.filesystem(), Limits.MAX_SHORT);
        nonNegative(f + ".capacityBytes", d.capacityBytes());
    }

    private void accounts(AccountsSection a) throws WireException {
        if (a == null) {
            return;
        }
        size("sections.accounts.users", a.users(), Limits.MAX_ACCOUNTS);
        for (int i = 0; i < a.users().size(); i++) {
            String f = "sections.accounts.users[" + i + "]";
            Account u = element(f, a.users().get(i));
            if ((u.name() == null) == (u.nameHash() == null)) {
                throw invalid(f, "carries " + (u.name() == null ? "neither" : "both") + " name and nameHash; send exactly one");
            }
            if (u.name() != null && !u.isSchoolAccount()) {
                throw invalid(f + ".name", "is set on an account that is not the school's; personal accounts send only nameHash");
            }
            text(f + ".name", u.name(), Limits.MAX_NAME);
            if (u.nameHash() != null && !HASH.matcher(u.nameHash()).matches()) {
                throw invalid(f + ".nameHash", "must be 64 lower-case hex characters (SHA-256)");
            }
            required(f + ".kind", u.kind());
            if (u.lastLoginAt() != null) {
                instant(f + ".lastLoginAt", u.lastLoginAt());
            }
            if (u.loginCount() != null && u.loginCount() < 0) {
                throw invalid(f + ".loginCount", "was " + u.loginCount() + ", must be ≥ 0");
            }
        }
    }

    private void screenLock(ScreenLockSection s) throws WireException {
        if (s == null) {
            return;
        }
        size("sections.screenLock.perAccount", s.perAccount(), Limits.MAX_SCREENLOCK_ACCOUNTS);
        for (int i = 0; i < s.perAccount().size(); i++) {
            lockSetting("sections.screenLock.perAccount[" + i + "]", s.perAccount().get(i));
        }
        if (s.effective() != null) {
            lockSetting("sections.screenLock.effective", s.effective());
        }
    }

    private void lockSetting(String f, ScreenLockSetting l) throws WireException {
        element(f, l);
        text(f + ".account", l.account(), Limits.MAX_NAME);
        seconds(f + ".idleSeconds", l.idleSeconds());
        seconds(f + ".graceSeconds", l.graceSeconds());
        text(f + ".reason", l.reason(), Limits.MAX_TEXT);
    }

    private void security(SecuritySection s) throws WireException {
        if (s == null) {
            return;
        }
        size("sections.security.antivirus", s.antivirus(), Limits.MAX_ANTIVIRUS);
        for (int i = 0; i < s.antivirus().size(); i++) {
            String f = "sections.security.antivirus[" + i + "]";
            Antivirus av = element(f, s.antivirus().get(i));
            text(f + ".name", required(f + ".name", av.name()), Limits.MAX_NAME);
        }
        if (s.reasons().size() > Limits.MAX_SECURITY_REASONS) {
            throw invalid("sections.security.reasons", "has " + s.reasons().size() + " entries, the limit is " + Limits.MAX_SECURITY_REASONS);
        }
        for (Map.Entry<String, String> e : s.reasons().entrySet()) {
            text("sections.security.reasons." + e.getKey(), e.getValue(), Limits.MAX_TEXT);
        }
        OsUpdates u = s.osUpdates();
        if (u != null) {
            text("sections.security.osUpdates.release", u.release(), Limits.MAX_SHORT);
            text("sections.security.osUpdates.supportTableVersion", u.supportTableVersion(), Limits.MAX_SHORT);
            text("sections.security.osUpdates.source", u.source(), Limits.MAX_SHORT);
            if (u.support() != null && !List.of(OsUpdates.SUPPORTED, OsUpdates.END_OF_SERVICING, OsUpdates.UNKNOWN)
                    .contains(u.support())) {
                throw invalid("sections.security.osUpdates.support", "was '" + u.support() + "', must be one of "
                        + OsUpdates.SUPPORTED + ", " + OsUpdates.END_OF_SERVICING + ", " + OsUpdates.UNKNOWN);
            }
            if (u.pendingSecurityUpdates() != null && u.pendingSecurityUpdates() < 0) {
                throw invalid("sections.security.osUpdates.pendingSecurityUpdates",
                        "was " + u.pendingSecurityUpdates() + ", must be ≥ 0");
            }
        }
    }

    private void diagnostics(Diagnostics d) throws WireException {
        if (d == null) {
            return;
        }
        if (d.outboxDepth() < 0 || d.droppedHeartbeats() < 0 || d.droppedReports() < 0 || d.droppedEvents() < 0) {
            throw invalid("diagnostics", "counts must be ≥ 0");
        }
        size("diagnostics.probeErrors", d.probeErrors(), Limits.MAX_PROBE_ERRORS);
        for (int i = 0; i < d.probeErrors().size(); i++) {
            String f = "diagnostics.probeErrors[" + i + "]";
            ProbeError e = element(f, d.probeErrors().get(i));
            text(f + ".probe", e.probe(), Limits.MAX_SHORT);
            text(f + ".reason", e.reason(), Limits.MAX_TEXT);
        }
    }

    private void instant(String f, Instant t) throws WireException {
        instant(() -> f, t, clock.instant().plus(MAX_CLOCK_SKEW));
    }

    private static void instant(Supplier<String> f, Instant t, Instant latest) throws WireException {
        if (t.isBefore(EARLIEST)) {
            throw invalid(f.get(), "is " + t + ", before " + EARLIEST);
        }
        if (t.isAfter(latest)) {
            throw invalid(f.get(), "is " + t + ", more than " + MAX_CLOCK_SKEW.toHours() + " hours in the future");
        }
    }

    private static void hexId(String f, String v) throws WireException {
        if (v != null && !HEX_ID.matcher(v).matches()) {
            throw invalid(f, "must be four lower-case hex digits, e.g. \"0781\"");
        }
    }

    private static void seconds(String f, Integer v) throws WireException {
        if (v != null && (v < 0 || v > Limits.MAX_SECONDS)) {
            throw invalid(f, "was " + v + ", must be between 0 and " + Limits.MAX_SECONDS);
        }
    }

    private static void nonNegative(String f, Long v) throws WireException {
        if (v != null && v < 0) {
            throw invalid(f, "was " + v + ", must be ≥ 0");
        }
    }

    private static void size(String f, List<?> list, int max) throws WireException {
        if (list.size() > max) {
            throw new WireException(WireException.Problem.TOO_LARGE, f, "has " + list.size() + " entries, the limit is " + max);
        }
    }

    private static void text(String f, String v, int max) throws WireException {
        text(() -> f, v, max);
    }

    private static void text(Supplier<String> f, String v, int max) throws WireException {
        if (v != null && v.length() > max) {
            throw invalid(f.get(), "is " + v.length() + " characters, the limit is " + max);
        }
    }

    private static <T> T element(String f, T v) throws WireException {
        return element(() -> f, v);
    }

    private static <T> T element(Supplier<String> f, T v) throws WireException {
        if (v == null) {
            throw invalid(f.get(), "is null; lists may not contain nulls");
        }
        return v;
    }

    private static <T> T required(String f, T v) throws WireException {
        return required(() -> f, v);
    }

    private static <T> T required(Supplier<String> f, T v) throws WireException {
        if (v == null) {
            throw invalid(f.get(), "is required");
        }
        return v;
    }

    private static WireException invalid(String f, String detail) {
        return new WireException(WireException.Problem.INVALID, f, detail);
    }
}
