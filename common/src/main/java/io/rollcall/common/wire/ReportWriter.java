package io.rollcall.common.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.rollcall.common.report.Account;
import io.rollcall.common.report.AccountsSection;
import io.rollcall.common.report.Antivirus;
import io.rollcall.common.report.Diagnostics;
import io.rollcall.common.report.HardwareInfo;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.OsInfo;
import io.rollcall.common.report.OsUpdates;
import io.rollcall.common.report.ProbeError;
import io.rollcall.common.report.RemovableMedia;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.SecuritySection;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.Tri;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link Report} as the agent sends it (software as a table, absent values left out) with
 * Jackson's streaming generator alone. A short-lived scan process then never builds an
 * {@code ObjectMapper} to write its report: measured in a cold JVM, databind's serialisation loaded
 * several hundred more classes (BENCHMARKS.md, "Report size on the wire"). The output is read by
 * {@link ReportCodec#decode} into an equal report; a field added to a record must be added here too
 * ({@code ReportWriterTest} fails until it is).
 */
public final class ReportWriter {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ReportWriter() {
    }

    /** Writes {@code r} to {@code out} as UTF-8 JSON; {@code out} is left open. */
    public static void write(Report r, OutputStream out) throws IOException {
        write(r, out, false);
    }

    /**
     * Writes {@code r} to {@code out} as UTF-8 JSON, indented when {@code pretty} (what {@code rollcall-agent scan}
     * prints: the same fields and values as the wire, only whitespace added); {@code out} is left open.
     */
    public static void write(Report r, OutputStream out, boolean pretty) throws IOException {
        write(r, out, pretty, null);
    }

    /**
     * {@link #write(Report, OutputStream)} into {@code out}, returning where the software list's value begins and ends
     * in it ({@code [start, end)}), or {@code null} when the report has none: what {@link GzipMembers} puts in a
     * member of its own.
     */
    static int[] writeSpanned(Report r, java.io.ByteArrayOutputStream out) throws IOException {
        int[] span = {-1, -1};
        write(r, out, false, new Span(out, span));
        return span[0] >= 0 && span[1] > span[0] ? span : null;
    }

    /** Where the software value lands in {@code out} (compact output: it starts right after the field's colon). */
    private record Span(java.io.ByteArrayOutputStream out, int[] offsets) {
    }

    private static void write(Report r, OutputStream out, boolean pretty, Span span) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeNumberField("schema", r.schema());
            string(g, "reportId", r.reportId() == null ? null : r.reportId().toString());
            string(g, "deviceId", r.deviceId() == null ? null : r.deviceId().toString());
            string(g, "agentVersion", r.agentVersion());
            string(g, "collectedAt", r.collectedAt() == null ? null : r.collectedAt().toString());
            enumField(g, "kind", r.kind());
            g.writeFieldName("sections");
            sections(g, r.sections(), span);
            if (r.diagnostics() != null) {
                diagnostics(g, r.diagnostics());
            }
            g.writeEndObject();
        }
    }

    /**
     * Writes only {@code s} (the object that is a report's {@code sections}) to {@code out} as UTF-8 JSON, the way
     * {@link #write} writes it: what the agent hashes to decide whether a delta carries a section, without building
     * an {@code ObjectMapper}. {@code out} is left open.
     */
    public static void writeSections(Sections s, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            sections(g, s, null);
        }
    }

    private static void sections(JsonGenerator g, Sections s, Span span) throws IOException {
        g.writeStartObject();
        if (s.os() != null) {
            OsInfo o = s.os();
            g.writeObjectFieldStart("os");
            string(g, "family", o.family());
            string(g, "name", o.name());
            string(g, "version", o.version());
            string(g, "build", o.build());
            string(g, "arch", o.arch());
            string(g, "hostname", o.hostname());
            g.writeEndObject();
        }
        if (s.hardware() != null) {
            HardwareInfo h = s.hardware();
            g.writeObjectFieldStart("hardware");
            string(g, "hardwareUuid", h.hardwareUuid());
            string(g, "identitySource", h.identitySource());
            string(g, "serialNumber", h.serialNumber());
            string(g, "manufacturer", h.manufacturer());
            string(g, "model", h.model());
            number(g, "memoryBytes", h.memoryBytes());
            string(g, "cpu", h.cpu());
            g.writeEndObject();
        }
        if (s.software() != null) {
            g.writeFieldName("software");
            if (span != null) {
                g.flush();
                span.offsets()[0] = span.out().size() + 1; // the generator writes the colon with the value
            }
            SoftwareTable.write(s.software(), g);
            if (span != null) {
                g.flush();
                span.offsets()[1] = span.out().size();
            }
        }
        if (s.removableMedia() != null) {
            removableMedia(g, s.removableMedia());
        }
        if (s.accounts() != null) {
            accounts(g, s.accounts());
        }
        if (s.screenLock() != null) {
            ScreenLockSection l = s.screenLock();
            g.writeObjectFieldStart("screenLock");
            g.writeArrayFieldStart("perAccount");
            for (ScreenLockSetting x : l.perAccount()) {
                lockSetting(g, x);
            }
            g.writeEndArray();
            if (l.effective() != null) {
                g.writeFieldName("effective");
                lockSetting(g, l.effective());
            }
            g.writeEndObject();
        }
        if (s.security() != null) {
            security(g, s.security());
        }
        g.writeEndObject();
    }

    private static void removableMedia(JsonGenerator g, RemovableMedia m) throws IOException {
        g.writeObjectFieldStart("removableMedia");
        g.writeArrayFieldStart("connected");
        for (MediaDevice d : m.connected()) {
            device(g, d);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("events");
        for (MediaEvent e : m.events()) {
            event(g, e);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** One media event as the wire has it (also {@link MediaJson}'s form). */
    static void event(JsonGenerator g, MediaEvent e) throws IOException {
        g.writeStartObject();
        string(g, "at", e.at() == null ? null : e.at().toString());
        enumField(g, "action", e.action());
        if (e.device() != null) {
            g.writeFieldName("device");
            device(g, e.device());
        }
        g.writeEndObject();
    }

    /** One medium as the wire has it (also {@link MediaJson}'s form). */
    static void device(JsonGenerator g, MediaDevice d) throws IOException {
        g.writeStartObject();
        enumField(g, "kind", d.kind());
        string(g, "vendorId", d.vendorId());
        string(g, "productId", d.productId());
        string(g, "vendor", d.vendor());
        string(g, "product", d.product());
        string(g, "serial", d.serial());
        number(g, "capacityBytes", d.capacityBytes());
        string(g, "filesystem", d.filesystem());
        tri(g, "encrypted", d.encrypted());
        g.writeEndObject();
    }

    private static void accounts(JsonGenerator g, AccountsSection a) throws IOException {
        g.writeObjectFieldStart("accounts");
        g.writeArrayFieldStart("users");
        for (Account u : a.users()) {
            g.writeStartObject();
            string(g, "name", u.name());
            string(g, "nameHash", u.nameHash());
            enumField(g, "kind", u.kind());
            g.writeBooleanField("admin", u.admin());
            g.writeBooleanField("disabled", u.disabled());
            tri(g, "passwordSet", u.passwordSet());
            string(g, "lastLoginAt", u.lastLoginAt() == null ? null : u.lastLoginAt().toString());
            if (u.loginCount() != null) {
                g.writeNumberField("loginCount", u.loginCount());
            }
            g.writeBooleanField("interactive", u.interactive());
            g.writeBooleanField("isSchoolAccount", u.isSchoolAccount());
            if (u.hidden() != null) {
                g.writeBooleanField("hidden", u.hidden());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        tri(g, "guestEnabled", a.guestEnabled());
        g.writeEndObject();
    }

    private static void lockSetting(JsonGenerator g, ScreenLockSetting l) throws IOException {
        g.writeStartObject();
        string(g, "account", l.account());
        tri(g, "lockEnabled", l.lockEnabled());
        if (l.idleSeconds() != null) {
            g.writeNumberField("idleSeconds", l.idleSeconds());
        }
        tri(g, "passwordRequired", l.passwordRequired());
        if (l.graceSeconds() != null) {
            g.writeNumberField("graceSeconds", l.graceSeconds());
        }
        enumField(g, "source", l.source());
        string(g, "reason", l.reason());
        g.writeEndObject();
    }

    private static void security(JsonGenerator g, SecuritySection s) throws IOException {
        g.writeObjectFieldStart("security");
        tri(g, "diskEncryption", s.diskEncryption());
        tri(g, "firewallEnabled", s.firewallEnabled());
        g.writeArrayFieldStart("antivirus");
        for (Antivirus a : s.antivirus()) {
            g.writeStartObject();
            string(g, "name", a.name());
            tri(g, "enabled", a.enabled());
            tri(g, "upToDate", a.upToDate());
            g.writeEndObject();
        }
        g.writeEndArray();
        tri(g, "osUpToDate", s.osUpToDate());
        g.writeObjectFieldStart("reasons");
        // sorted, so the same section always gives the same bytes
        for (Map.Entry<String, String> e : new TreeMap<>(s.reasons()).entrySet()) {
            string(g, e.getKey(), e.getValue());
        }
        g.writeEndObject();
        OsUpdates u = s.osUpdates();
        if (u != null) {
            g.writeObjectFieldStart("osUpdates");
            string(g, "release", u.release());
            string(g, "support", u.support());
            string(g, "supportEnds", u.supportEnds() == null ? null : u.supportEnds().toString());
            string(g, "supportTableVersion", u.supportTableVersion());
            string(g, "lastUpdateAt", u.lastUpdateAt() == null ? null : u.lastUpdateAt().toString());
            if (u.pendingSecurityUpdates() != null) {
                g.writeNumberField("pendingSecurityUpdates", u.pendingSecurityUpdates());
            }
            string(g, "source", u.source());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void diagnostics(JsonGenerator g, Diagnostics d) throws IOException {
        g.writeObjectFieldStart("diagnostics");
        g.writeNumberField("outboxDepth", d.outboxDepth());
        g.writeNumberField("droppedHeartbeats", d.droppedHeartbeats());
        g.writeNumberField("droppedReports", d.droppedReports());
        g.writeNumberField("droppedEvents", d.droppedEvents());
        g.writeArrayFieldStart("probeErrors");
        for (ProbeError e : d.probeErrors()) {
            g.writeStartObject();
            string(g, "probe", e.probe());
            string(g, "reason", e.reason());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    private static void number(JsonGenerator g, String field, Long value) throws IOException {
        if (value != null) {
            g.writeNumberField(field, value);
        }
    }

    private static void tri(JsonGenerator g, String field, Tri value) throws IOException {
        if (value != null) {
            g.writeFieldName(field);
            switch (value) {
                case YES -> g.writeBoolean(true);
                case NO -> g.writeBoolean(false);
                default -> g.writeString("unknown");
            }
        }
    }

    private static void enumField(JsonGenerator g, String field, io.rollcall.common.report.WireEnum value)
            throws IOException {
        if (value != null) {
            g.writeStringField(field, value.wire());
        }
    }
}
