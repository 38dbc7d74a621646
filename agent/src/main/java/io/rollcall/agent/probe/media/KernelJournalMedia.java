package io.rollcall.agent.probe.media;

import io.rollcall.agent.probe.JsonValues;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.Tri;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns kernel messages from {@code journalctl _TRANSPORT=kernel -o json} (one JSON object per line, see
 * journalctl(1) "json" and systemd.journal-fields(7)) into USB mass-storage connections and removals. Pure.
 *
 * <p>The kernel announces a device on its port ({@code usb 1-1: New USB device found, idVendor=0781, ...}, then
 * {@code Product:}, {@code Manufacturer:}, {@code SerialNumber:}); the storage drivers claim it
 * ({@code usb-storage 1-1:1.0: USB Mass Storage device detected}, {@code scsi host2: usb-storage 1-1:1.0} or, for
 * UAS, {@code scsi host2: uas}); the disk appears ({@code sd 2:0:0:0: [sdb] 60063744 512-byte logical blocks},
 * {@code ... Attached SCSI removable disk}); and {@code usb 1-1: USB disconnect} ends it. Only devices a storage
 * driver claimed become events, so keyboards and phones on charge are ignored. Port and host numbers restart at
 * every boot, so the state is kept per {@code _BOOT_ID}.
 */
public final class KernelJournalMedia {
    private static final Pattern NEW_DEVICE = Pattern.compile(
            "^usb (\\S+): New USB device found, idVendor=([0-9a-fA-F]{4}), idProduct=([0-9a-fA-F]{4})");
    private static final Pattern STRING = Pattern.compile("^usb (\\S+): (Product|Manufacturer|SerialNumber): (.*)$");
    private static final Pattern DISCONNECT = Pattern.compile("^usb (\\S+): USB disconnect");
    private static final Pattern MASS_STORAGE = Pattern.compile("^usb-storage (\\S+?):\\d+\\.\\d+: USB Mass Storage");
    private static final Pattern HOST_USB_STORAGE = Pattern.compile("^scsi host(\\d+): usb-storage (\\S+?):\\d+\\.\\d+");
    private static final Pattern HOST_UAS = Pattern.compile("^scsi host(\\d+): uas\\s*$");
    private static final Pattern BLOCKS = Pattern.compile("^sd (\\d+):\\d+:\\d+:\\d+: \\[\\w+\\] (\\d+) (\\d+)-byte logical blocks");
    private static final Pattern ATTACHED = Pattern.compile("^sd (\\d+):\\d+:\\d+:\\d+: \\[\\w+\\] Attached SCSI (removable )?disk");

    private KernelJournalMedia() {
    }

    /** What the journal held: the events, oldest first, and how many lines could not be read. */
    public record Parsed(List<MediaEvent> events, int entries, int unreadable) {
    }

    private static final class Seen {
        final Instant at;
        final String vendorId;
        final String productId;
        String vendor;
        String product;
        String serial;
        Long capacity;
        boolean storage;
        Instant removedAt;

        Seen(Instant at, String vendorId, String productId) {
            this.at = at;
            this.vendorId = vendorId;
            this.productId = productId;
        }

        MediaDevice device() {
            return new MediaDevice(MediaKind.USB_STORAGE, vendorId, productId, vendor, product, serial, capacity, null,
                    Tri.UNKNOWN);
        }
    }

    /** One boot's view: which device sits on which port, which SCSI host belongs to which port. */
    private static final class Boot {
        final Map<String, Seen> byPort = new HashMap<>();
        final Map<String, String> hostToPort = new HashMap<>();
        String lastNewPort;
    }

    public static Parsed parse(List<String> jsonLines) {
        List<Seen> all = new ArrayList<>();
        Map<String, Boot> boots = new HashMap<>();
        int entries = 0;
        int unreadable = 0;
        for (String line : jsonLines) {
            if (line == null || line.isBlank()) {
                continue;
            }
            Object n;
            Instant at;
            String msg;
            try {
                n = JsonValues.parse(line);
                at = microsToInstant(JsonValues.asText(JsonValues.field(n, "__REALTIME_TIMESTAMP"), null));
                msg = message(JsonValues.field(n, "MESSAGE"));
            } catch (Exception e) {
                unreadable++;
                continue;
            }
            if (at == null || msg == null) {
                unreadable++;
                continue;
            }
            entries++;
            Boot boot = boots.computeIfAbsent(JsonValues.asText(JsonValues.field(n, "_BOOT_ID"), ""), b -> new Boot());
            apply(boot, at, msg.strip(), all);
        }
        List<MediaEvent> events = new ArrayList<>();
        for (Seen s : all) {
            if (!s.storage) {
                continue;
            }
            MediaDevice d = s.device();
            events.add(new MediaEvent(s.at, MediaAction.CONNECTED, d));
            if (s.removedAt != null) {
                events.add(new MediaEvent(s.removedAt, MediaAction.DISCONNECTED, d));
            }
        }
        events.sort(Comparator.comparing(MediaEvent::at));
        return new Parsed(events, entries, unreadable);
    }

    private static void apply(Boot boot, Instant at, String msg, List<Seen> all) {
        Matcher m;
        if ((m = NEW_DEVICE.matcher(msg)).find()) {
            Seen s = new Seen(at, LinuxMediaProbe.hexId(m.group(2)), LinuxMediaProbe.hexId(m.group(3)));
            boot.byPort.put(m.group(1), s);
            boot.lastNewPort = m.group(1);
            all.add(s);
        } else if ((m = STRING.matcher(msg)).find()) {
            Seen s = boot.byPort.get(m.group(1));
            String v = m.group(3).strip();
            if (s != null && !v.isEmpty()) {
                switch (m.group(2)) {
                    case "Product" -> s.product = v;
                    case "Manufacturer" -> s.vendor = v;
                    default -> s.serial = v;
                }
            }
        } else if ((m = DISCONNECT.matcher(msg)).find()) {
            Seen s = boot.byPort.remove(m.group(1));
            if (s != null) {
                s.removedAt = at;
            }
        } else if ((m = MASS_STORAGE.matcher(msg)).find()) {
            markStorage(boot.byPort.get(m.group(1)));
        } else if ((m = HOST_USB_STORAGE.matcher(msg)).find()) {
            boot.hostToPort.put(m.group(1), m.group(2));
            markStorage(boot.byPort.get(m.group(2)));
        } else if ((m = HOST_UAS.matcher(msg)).find()) {
            // UAS names no port: it is the device announced last, which the driver is binding right now
            if (boot.lastNewPort != null) {
                boot.hostToPort.put(m.group(1), boot.lastNewPort);
                markStorage(boot.byPort.get(boot.lastNewPort));
            }
        } else if ((m = BLOCKS.matcher(msg)).find()) {
            Seen s = onHost(boot, m.group(1));
            if (s != null) {
                try {
                    s.capacity = Math.multiplyExact(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
                } catch (ArithmeticException | NumberFormatException e) {
                    s.capacity = null;
                }
            }
        } else if ((m = ATTACHED.matcher(msg)).find()) {
            markStorage(onHost(boot, m.group(1)));
        }
    }

    private static Seen onHost(Boot boot, String host) {
        String port = boot.hostToPort.get(host);
        return port == null ? null : boot.byPort.get(port);
    }

    private static void markStorage(Seen s) {
        if (s != null) {
            s.storage = true;
        }
    }

    /** MESSAGE is a string, or an array of byte values when it is not valid UTF-8 (journalctl(1), "json"). */
    private static String message(Object m) {
        if (m == null) {
            return null;
        }
        if (m instanceof List<?> bytes) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            bytes.forEach(x -> b.write(JsonValues.asInt(x)));
            return b.toString(StandardCharsets.UTF_8);
        }
        return JsonValues.asText(m, "");
    }

    private static Instant microsToInstant(String micros) {
        if (micros == null) {
            return null;
        }
        long us = Long.parseLong(micros.trim());
        return Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1_000);
    }
}
