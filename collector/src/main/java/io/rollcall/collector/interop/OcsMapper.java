package io.rollcall.collector.interop;

import io.rollcall.common.report.Antivirus;
import io.rollcall.common.report.HardwareInfo;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.OsInfo;
import io.rollcall.common.report.RemovableMedia;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SecuritySection;
import io.rollcall.common.report.SettingSource;
import io.rollcall.common.report.Tri;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps the {@code CONTENT} of an OCS-NG / FusionInventory inventory onto Rollcall's report sections. What the agents
 * report is mapped; what they never collect (the screen lock; disk encryption, OS patch state and anti-virus where the
 * inventory has no such element) is {@link Tri#UNKNOWN} with the reason {@link ForeignAgent#notCollected()}, so the
 * rules give "cannot verify", never a pass. Pure: no I/O.
 */
public final class OcsMapper {
    private OcsMapper() {
    }

    /** Identity facts of an inventory: the agent's DEVICEID, the hardware UUID and the serial (either may be null). */
    public record Identity(String agentDeviceId, String hardwareUuid, String serial) {
    }

    public static Identity identity(XmlNode request) {
        XmlNode content = request.child("CONTENT");
        return new Identity(request.value("DEVICEID"), usableUuid(content.child("HARDWARE").value("UUID")),
                usableSerial(content.child("BIOS").value("SSN")));
    }

    /**
     * @param now  the collector's time: install dates after it are left out
     * @param salt this device's salt for account-name hashes (kept by the collector, as Rollcall's agent keeps its own)
     */
    public static Sections sections(XmlNode request, ForeignAgent agent, String salt, java.time.Instant now) {
        XmlNode content = request.child("CONTENT");
        OsInfo os = os(content);
        boolean windows = "windows".equals(os.family());
        String why = agent.notCollected();
        ScreenLockSetting lock = new ScreenLockSetting(null, Tri.UNKNOWN, null, Tri.UNKNOWN, null,
                SettingSource.UNKNOWN, why);
        return new Sections(os, hardware(request, content), OcsSoftware.map(content, os.family(), now),
                media(content), OcsAccounts.map(content, windows, salt), new ScreenLockSection(List.of(), lock),
                security(content, why));
    }

    static OsInfo os(XmlNode content) {
        XmlNode hw = content.child("HARDWARE");
        XmlNode osNode = content.child("OPERATINGSYSTEM");
        String kernel = osNode.value("KERNEL_NAME");
        String osName = first(osNode.value("FULL_NAME"), hw.value("OSNAME"));
        String family = family(kernel, osName);
        String version = first(osNode.value("VERSION"), "linux".equals(family) ? null : hw.value("OSVERSION"));
        if (version == null && "linux".equals(family)) {
            version = hw.value("OSVERSION"); // the OCS unix agent: "12"
        }
        String build = first(osNode.value("KERNEL_VERSION"), "linux".equals(family) ? hw.value("OSVERSION") : null);
        String arch = first(osNode.value("ARCH"), content.child("CPUS").value("ARCH"));
        return new OsInfo(family, osName, version, build, arch, hw.value("NAME"));
    }

    private static String family(String kernel, String osName) {
        String k = kernel == null ? "" : kernel.toLowerCase(Locale.ROOT);
        String n = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (k.contains("mswin") || n.contains("windows")) {
            return "windows";
        }
        if (k.contains("darwin") || n.contains("mac os") || n.contains("macos")) {
            return "macos";
        }
        return "linux";
    }

    private static HardwareInfo hardware(XmlNode request, XmlNode content) {
        XmlNode hw = content.child("HARDWARE");
        XmlNode bios = content.child("BIOS");
        Identity id = identity(request);
        String uuid = id.hardwareUuid() != null ? id.hardwareUuid() : "agent-deviceid:" + request.value("DEVICEID");
        Long memory = null;
        Long mb = number(hw.value("MEMORY"));
        if (mb != null && mb >= 0) {
            memory = mb * 1024 * 1024;
        }
        return new HardwareInfo(uuid, id.hardwareUuid() != null ? "ocs:HARDWARE/UUID" : "ocs:DEVICEID", id.serial(),
                first(bios.value("SMANUFACTURER"), bios.value("MMANUFACTURER")), bios.value("SMODEL"), memory,
                first(content.child("CPUS").value("NAME"), hw.value("PROCESSORT")));
    }

    private static RemovableMedia media(XmlNode content) {
        List<MediaDevice> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (XmlNode u : content.all("USBDEVICES")) {
            if (!"8".equals(u.value("CLASS"))) {
                continue; // only mass storage is removable media; keyboards and hubs are not
            }
            MediaDevice d = new MediaDevice(MediaKind.USB_STORAGE, hex(u.value("VENDORID")), hex(u.value("PRODUCTID")),
                    u.value("MANUFACTURER"), u.value("NAME"), u.value("SERIAL"), null, null, Tri.UNKNOWN);
            if (seen.add(d.identityKey())) {
                out.add(d);
            }
        }
        for (XmlNode s : content.all("STORAGES")) {
            String iface = s.value("INTERFACE") == null ? "" : s.value("INTERFACE").toUpperCase(Locale.ROOT);
            String type = s.value("TYPE") == null ? "" : s.value("TYPE").toLowerCase(Locale.ROOT);
            if (!iface.equals("USB") && !type.contains("removable")) {
                continue;
            }
            Long mb = number(s.value("DISKSIZE"));
            MediaDevice d = new MediaDevice(MediaKind.USB_STORAGE, null, null, s.value("MANUFACTURER"),
                    first(s.value("MODEL"), s.value("NAME")), s.value("SERIALNUMBER"),
                    mb == null ? null : mb * 1000 * 1000, null, Tri.UNKNOWN);
            if (out.stream().noneMatch(o -> o.serial() != null && o.serial().equals(d.serial())) && seen.add(d.identityKey())) {
                out.add(d);
            }
        }
        return new RemovableMedia(out.size() > 256 ? out.subList(0, 256) : out, List.of());
    }

    private static SecuritySection security(XmlNode content, String why) {
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("diskEncryption", why);
        reasons.put("osUpToDate", why);
        Tri firewall = Tri.UNKNOWN;
        String status = content.child("FIREWALL").value("STATUS");
        if ("on".equalsIgnoreCase(status)) {
            firewall = Tri.YES;
        } else if ("off".equalsIgnoreCase(status)) {
            firewall = Tri.NO;
        } else {
            reasons.put("firewallEnabled", why);
        }
        List<Antivirus> av = new ArrayList<>();
        for (XmlNode a : content.all("ANTIVIRUS")) {
            if (av.size() < 32) {
                av.add(new Antivirus(first(a.value("NAME"), "(unnamed)"), flag(a.value("ENABLED")),
                        flag(a.value("UPTODATE"))));
            }
        }
        if (av.isEmpty()) {
            reasons.put("antivirus", why);
        }
        return new SecuritySection(Tri.UNKNOWN, firewall, av, Tri.UNKNOWN, reasons);
    }

    private static Tri flag(String v) {
        if (v == null) {
            return Tri.UNKNOWN;
        }
        return v.equals("1") || v.equalsIgnoreCase("true") ? Tri.YES : v.equals("0") || v.equalsIgnoreCase("false")
                ? Tri.NO : Tri.UNKNOWN;
    }

    /** A 4-digit lower-case hex id, or null: the contract refuses anything else. */
    private static String hex(String v) {
        if (v == null) {
            return null;
        }
        String h = v.strip().toLowerCase(Locale.ROOT);
        return h.matches("[0-9a-f]{4}") ? h : null;
    }

    private static String usableUuid(String v) {
        if (v == null) {
            return null;
        }
        String u = v.strip().toLowerCase(Locale.ROOT);
        // firmware placeholders identify nothing: all zeros, all f, or the famous 03000200-0400-0500-0006-000700080009
        String digits = u.replace("-", "");
        if (digits.isEmpty() || digits.chars().distinct().count() <= 1
                || u.equals("03000200-0400-0500-0006-000700080009")) {
            return null;
        }
        return u.length() > 128 ? null : u;
    }

    private static String usableSerial(String v) {
        if (v == null) {
            return null;
        }
        String s = v.strip();
        String l = s.toLowerCase(Locale.ROOT);
        if (l.isEmpty() || l.equals("0") || l.contains("to be filled") || l.equals("default string")
                || l.equals("system serial number") || l.equals("not specified") || s.length() > 128) {
            return null;
        }
        return s;
    }

    static Long number(String s) {
        if (s == null) {
            return null;
        }
        try {
            return (long) Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String first(String a, String b) {
        return a != null ? a : b;
    }
}
