package io.rollcall.agent.probe.media;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.Tri;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Plug history from the {@code Microsoft-Windows-Partition/Diagnostic} log, on by default on Windows 10 and 11, which
 * holds every plug while the log has room where the device tree keeps only the first and the last: event 1006 is
 * written whenever a disk arrives, leaves or changes, with Manufacturer, Model, SerialNumber, Capacity, BusType and
 * ParentId (the USB device, {@code USB\VID_xxxx&amp;PID_xxxx\<serial>}). A disk whose partition table is empty
 * ({@code PartitionTableBytes} 0) has gone, or its card was taken out. Only USB disks (BusType 7, or a USB parent)
 * and SD/MMC cards (BusType 12, 13) count; internal SATA/NVMe disks, logged at every boot, do not.
 *
 * <p>Read with {@code wevtutil qe … /f:xml}, which prints the events one after another without a root element.
 */
final class WindowsPartitionLog {
    static final List<String> COMMAND = List.of("C:\\Windows\\System32\\wevtutil.exe", "qe",
            "Microsoft-Windows-Partition/Diagnostic", "/q:*[System[(EventID=1006)]]", "/f:xml", "/c:500", "/rd:true");
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern USB_PARENT = Pattern.compile(
            "USB\\\\VID_([0-9A-F]{4})&PID_([0-9A-F]{4})(?:&[^\\\\]*)?\\\\([^\\\\]+)", Pattern.CASE_INSENSITIVE);

    private WindowsPartitionLog() {
    }

    /** The events the log holds, oldest first; empty when the log cannot be read (it is disabled, say). */
    static List<MediaEvent> read(CommandRunner commands) {
        CommandResult r = commands.run(COMMAND, TIMEOUT);
        return r.ok() ? parse(String.join("\n", r.stdout())) : List.of();
    }

    static List<MediaEvent> parse(String xml) {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setNamespaceAware(true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            String body = xml.replaceAll("<\\?xml[^>]*\\?>", "");
            doc = b.parse(new InputSource(new StringReader("<Events>" + body + "</Events>")));
        } catch (Exception e) { // a truncated or garbled export: no history from it rather than a failed scan
            return List.of();
        }
        List<MediaEvent> out = new ArrayList<>();
        NodeList events = doc.getDocumentElement().getElementsByTagNameNS("*", "Event");
        for (int i = 0; i < events.getLength(); i++) {
            MediaEvent e = event((Element) events.item(i));
            if (e != null) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparing(MediaEvent::at));
        return readerEventsWithoutCardDropped(out);
    }

    private static MediaEvent event(Element event) {
        NodeList created = event.getElementsByTagNameNS("*", "TimeCreated");
        if (created.getLength() == 0) {
            return null;
        }
        Instant at;
        try {
            at = Instant.parse(((Element) created.item(0)).getAttribute("SystemTime"));
        } catch (DateTimeParseException e) {
            return null;
        }
        Map<String, String> data = new HashMap<>();
        NodeList items = event.getElementsByTagNameNS("*", "Data");
        for (int i = 0; i < items.getLength(); i++) {
            Element d = (Element) items.item(i);
            data.put(d.getAttribute("Name"), d.getTextContent().strip());
        }
        String parent = data.getOrDefault("ParentId", "");
        Matcher usb = USB_PARENT.matcher(parent);
        boolean onUsb = usb.find();
        long bus = number(data.get("BusType"));
        String manufacturer = blankToNull(data.get("Manufacturer"));
        String model = blankToNull(data.get("Model"));
        boolean reader = WindowsUsbTree.isCardReader(model, manufacturer);
        MediaKind kind = bus == 12 || bus == 13 || (reader && (bus == 7 || onUsb)) ? MediaKind.SD_CARD
                : bus == 7 || onUsb ? MediaKind.USB_STORAGE : null;
        if (kind == null) {
            return null;
        }
        long capacity = number(data.get("Capacity"));
        MediaAction action = number(data.get("PartitionTableBytes")) > 0 ? MediaAction.CONNECTED
                : MediaAction.DISCONNECTED;
        if (kind == MediaKind.SD_CARD) { // the reader's ids and serial name the reader, not the card
            return new MediaEvent(at, action, new MediaDevice(kind, null, null, manufacturer, model, null,
                    capacity > 0 ? capacity : null, null, Tri.UNKNOWN));
        }
        String serial = onUsb ? WindowsUsbTree.serial(usb.group(3)) : null;
        if (serial == null) {
            serial = blankToNull(data.get("SerialNumber"));
        }
        return new MediaEvent(at, action, new MediaDevice(kind,
                onUsb ? usb.group(1).toLowerCase(Locale.ROOT) : null, onUsb ? usb.group(2).toLowerCase(Locale.ROOT)
                        : null, manufacturer, model, serial, capacity > 0 ? capacity : null, null, Tri.UNKNOWN));
    }

    /**
     * An empty card reader is logged at every boot as a disk with no partitions; that is not a card leaving. Keep a
     * card-reader "disconnected" only after a "connected" from the same reader.
     */
    private static List<MediaEvent> readerEventsWithoutCardDropped(List<MediaEvent> sorted) {
        Map<String, MediaAction> last = new HashMap<>();
        List<MediaEvent> out = new ArrayList<>();
        for (MediaEvent e : sorted) {
            if (e.device().kind() == MediaKind.SD_CARD) {
                String reader = e.device().vendor() + "|" + e.device().product();
                MediaAction before = last.put(reader, e.action());
                if (e.action() == MediaAction.DISCONNECTED && before != MediaAction.CONNECTED) {
                    continue;
                }
            }
            out.add(e);
        }
        return out;
    }

    private static long number(String s) {
        try {
            return s == null ? -1 : Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
