package io.rollcall.agent.probe.media;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.windows.DiskDrives;
import io.rollcall.agent.os.windows.Registry;
import io.rollcall.agent.probe.media.WindowsUsbTree.Seen;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Removable media on Windows. What was ever plugged in, and when, comes from the device tree ({@link WindowsUsbTree}:
 * USBSTOR sticks, UASP disks, MTP/PTP phones and cameras) and from the Partition/Diagnostic event log
 * ({@link WindowsPartitionLog}), merged so that one plug is one event.
 *
 * <p>What is connected now comes from the drives WMI lists ({@link DiskDrives}) joined to the device tree
 * ({@link WindowsConnectedDisks}), plus the phones whose last arrival is later than their last removal. Listing
 * drives costs a WMI query, and the media poller asks every few seconds, so the list is kept until the tree's
 * arrival/removal times change (Windows writes them on every plug and unplug) — and only while the two agree, so a
 * drive WMI has not yet listed is asked for again. When the drives cannot be listed, connected is inferred from those
 * times alone; a card reader is then left out, since its own arrival says nothing about a card.
 */
public final class WindowsMediaProbe implements MediaProbe {
    /** Two records of one plug (the registry's arrival, the log's event) are this close or closer. */
    static final Duration SAME_PLUG = Duration.ofMinutes(2);

    private final WindowsUsbTree tree;
    private final DiskDrives drives;
    private final CommandRunner commands;
    private Set<String> cachedTimes;
    private List<MediaDevice> cached;

    /** Without the event log: history from the device tree only. */
    public WindowsMediaProbe(Registry registry, DiskDrives drives) {
        this(registry, drives, (command, env, timeout) -> CommandResult.failed("event log not read"));
    }

    public WindowsMediaProbe(Registry registry, DiskDrives drives, CommandRunner commands) {
        this.tree = new WindowsUsbTree(registry);
        this.drives = drives;
        this.commands = commands;
    }

    @Override
    public synchronized List<MediaDevice> connected() {
        List<Seen> seen;
        try {
            seen = tree.read();
        } catch (RuntimeException e) {
            seen = List.of();
        }
        List<Seen> byTimes = seen.stream().filter(s -> s.connected() && !s.cardReader()).toList();
        List<MediaDevice> phones = byTimes.stream().filter(s -> !s.storage()).map(Seen::device).toList();
        List<Seen> disksByTimes = byTimes.stream().filter(Seen::storage).toList();
        Set<String> times = new HashSet<>();
        for (Seen s : byTimes) {
            times.add(s.instanceId() + "|" + s.lastArrival() + "|" + s.lastRemoval());
        }
        if (cached != null && times.equals(cachedTimes)) {
            return cached;
        }
        List<DiskDrives.Drive> now;
        try {
            now = drives.list();
        } catch (RuntimeException e) {
            cached = null;
            return byTimes.stream().map(Seen::device).toList();
        }
        List<MediaDevice> out = new ArrayList<>(WindowsConnectedDisks.join(now, seen));
        // the sticks WMI lists must be the ones the times say are in; else one of them is mid-change
        Set<String> listed = serials(out);
        listed.retainAll(serials(seen.stream().filter(Seen::storage).map(Seen::device).toList()));
        boolean agree = listed.equals(serials(disksByTimes.stream().map(Seen::device).toList()));
        out.addAll(phones);
        cached = agree ? List.copyOf(out) : null;
        cachedTimes = times;
        return out;
    }

    private static Set<String> serials(List<MediaDevice> devices) {
        Set<String> out = new HashSet<>();
        for (MediaDevice d : devices) {
            if (d.serial() != null) {
                out.add(d.serial().toUpperCase(Locale.ROOT));
            }
        }
        return out;
    }

    /**
     * The device tree's first-install, last-arrival and last-removal times of each device (card readers left out: a
     * built-in reader "arrives" at every boot), and the event log's connections and removals, oldest first. A log
     * event within {@link #SAME_PLUG} of an event of the same device and action is the same plug, kept once.
     */
    @Override
    public List<MediaEvent> history() {
        List<MediaEvent> out = new ArrayList<>();
        for (Seen s : tree.read()) {
            if (s.cardReader()) {
                continue;
            }
            if (s.firstInstall() != null && !s.firstInstall().equals(s.lastArrival())) {
                out.add(new MediaEvent(s.firstInstall(), MediaAction.CONNECTED, s.device()));
            }
            if (s.lastArrival() != null) {
                out.add(new MediaEvent(s.lastArrival(), MediaAction.CONNECTED, s.device()));
            }
            if (s.lastRemoval() != null) {
                out.add(new MediaEvent(s.lastRemoval(), MediaAction.DISCONNECTED, s.device()));
            }
        }
        List<MediaEvent> log;
        try {
            log = WindowsPartitionLog.read(commands);
        } catch (RuntimeException e) {
            log = List.of(); // the device tree's history stands on its own
        }
        for (MediaEvent e : log) {
            if (out.stream().noneMatch(o -> samePlug(o, e))) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparing(MediaEvent::at));
        return out;
    }

    /** Same action, within {@link #SAME_PLUG}, of the same device: same serial in any of its forms, or both without. */
    static boolean samePlug(MediaEvent a, MediaEvent b) {
        if (a.action() != b.action() || Duration.between(a.at(), b.at()).abs().compareTo(SAME_PLUG) > 0) {
            return false;
        }
        String sa = a.device().serial(), sb = b.device().serial();
        if (sa == null || sb == null) {
            return sa == null && sb == null && a.device().kind() == b.device().kind();
        }
        Set<String> forms = WindowsConnectedDisks.serialForms(sb);
        return WindowsConnectedDisks.serialForms(sa).stream().anyMatch(forms::contains);
    }
}
